"""How each built-in migration tool recognises its own folders, and orders their files.

A recogniser is a ``MigrationTool``'s ``recognise``: given a ``layouts.Folder`` (a listing,
the SQL files no tool earlier in ``registry.TOOLS`` took, and how to read a file) it returns
the ``layouts.Claim`` of what it applies, or ``None`` when the folder is not its. Folders are
recognised by structure (file names, subfolders, markers), never by the folder's name.
A tool whose layout has subfolders also says which subfolders belong to a layout rooted at
their parent (``part_of``), so a path inside one is linted with the whole stream.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from schemalint.inputs.layouts import (
    Claim,
    Folder,
    Reader,
    list_directory,
    natural_key,
    prisma_provider,
    sql_files_in,
)
from schemalint.tools.dialects import dialect_named
from schemalint.tools.registry import DBMATE_MARKER, GOOSE_MARKER

_PRISMA_MIGRATION = re.compile(r"\d+_")
_GRAPHILE_COMMITTED = re.compile(r"\d{6}(?:-.*)?\.sql")
_GOLANG_UP = re.compile(r"(\d+)_.*\.up\.sql")
# A versioned file of a runner that applies every ``<version>_<name>.sql``.
_VERSIONED = re.compile(r"(\d+)_.*\.sql")
_GOLANG_DOWN = re.compile(r"\d+_.*\.down\.sql")
_FLYWAY_VERSIONED = re.compile(r"V(\d+(?:[._]\d+)*)__.*\.sql")
_FLYWAY_REPEATABLE = re.compile(r"R__(.*)\.sql")
_FLYWAY_UNDO = re.compile(r"U\d+(?:[._]\d+)*__.*\.sql")
_SUPABASE = re.compile(r"\d{14}_.*\.sql")
_NUMBERED = re.compile(r"(\d+)")


def _paths(folder: Folder, names: Sequence[str]) -> tuple[Path, ...]:
    return tuple(folder.paths[name] for name in names)


# Prisma Migrate: one ``<n>_<name>/migration.sql`` subfolder per migration.


def prisma_part(directory: Path) -> bool:
    return bool(_PRISMA_MIGRATION.match(directory.name)) and (directory / "migration.sql").is_file()


def prisma(folder: Folder) -> Claim | None:
    directory = folder.directory
    names = sorted(name for name in folder.listing.dirnames if prisma_part(directory / name))
    if not names:
        return None
    dialect = None
    if "migration_lock.toml" in folder.listing.filenames:
        dialect = prisma_provider(folder.read(directory / "migration_lock.toml"))
    return Claim(
        tuple(directory / name / "migration.sql" for name in names),
        consumed=frozenset(names),
        dialect=dialect,
        dialect_source="migration_lock.toml" if dialect else "",
    )


# graphile-migrate: ``committed/`` in order, then ``current.sql`` or the files of ``current/``.


def _is_graphile(directory: Path, dirnames: Sequence[str], filenames: Sequence[str]) -> bool:
    if "committed" not in dirnames:
        return False
    if "current.sql" in filenames or "current" in dirnames:
        return True
    try:
        committed = list_directory(directory / "committed").filenames
    except OSError:
        return False
    sql = [name for name in committed if name.endswith(".sql")]
    return bool(sql) and all(_GRAPHILE_COMMITTED.fullmatch(name) for name in sql)


def graphile_part(directory: Path) -> bool:
    if directory.name not in ("committed", "current"):
        return False
    try:
        listing = list_directory(directory.parent)
    except OSError:
        return False
    return _is_graphile(listing.directory, listing.dirnames, listing.filenames)


def graphile(folder: Folder) -> Claim | None:
    listing = folder.listing
    if not _is_graphile(listing.directory, listing.dirnames, listing.filenames):
        return None
    committed = listing.directory / "committed"
    files = [committed / name for name in sql_files_in(committed)]
    if "current.sql" in listing.filenames:
        files.append(listing.directory / "current.sql")
        return Claim(tuple(files), ("current.sql",), frozenset({"committed"}))
    if "current" not in listing.dirnames:
        return Claim(tuple(files), consumed=frozenset({"committed"}))
    current = listing.directory / "current"
    files.extend(current / name for name in sql_files_in(current))
    return Claim(tuple(files), consumed=frozenset({"committed", "current"}))


def flyway_opts_out(path: Path, read: Reader) -> bool:
    """Whether the script's config file ``<script>.sql.conf`` (Flyway 6.1+, ``key=value``
    lines) says ``executeInTransaction=false``."""
    conf = path.with_name(path.name + ".conf")
    if not conf.is_file():
        return False
    for line in read(conf).splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "executeInTransaction" and value.strip().lower() == "false":
            return True
    return False


# drizzle-kit: the files ``meta/_journal.json`` lists, in journal order, and nothing else.


def drizzle(folder: Folder) -> Claim | None:
    """A journal that cannot be read says nothing: every file then applies in natural order."""
    directory = folder.directory
    if "meta" not in folder.listing.dirnames:
        return None
    journal_path = directory / "meta" / "_journal.json"
    if not journal_path.is_file():
        return None
    sql_names = folder.sql_names
    journal = _read_journal(journal_path, folder.read)
    consumed = frozenset({"meta"})
    if journal is None:
        ordered = sorted(sql_names, key=natural_key)
        return Claim(_paths(folder, ordered), sql_names, consumed)
    available = set(sql_names)
    ordered = []
    for tag in _journal_tags(journal):
        name = f"{tag}.sql"
        if name in available and name not in ordered:
            ordered.append(name)
    listed = set(ordered)
    skipped = tuple(
        (folder.paths[name], "not listed in meta/_journal.json: drizzle-kit does not apply it")
        for name in sorted(available - listed, key=natural_key)
    )
    raw = journal.get("dialect")
    dialect = dialect_named(raw) if isinstance(raw, str) else None
    source = "meta/_journal.json" if dialect else ""
    return Claim(_paths(folder, ordered), sql_names, consumed, dialect, source, skipped)


def _read_journal(path: Path, read: Reader) -> dict[str, object] | None:
    """The journal, or None if it is unusable: invalid JSON, nested too deeply, a number of
    thousands of digits, or over the size cap (inputs/documents.py)."""
    from schemalint.inputs.documents import MAX_JOURNAL_BYTES, DocumentError, parse_json

    try:
        if path.stat().st_size > MAX_JOURNAL_BYTES:
            return None
    except OSError:
        pass  # `read` says why it cannot be read
    try:
        journal = parse_json(read(path))
    except DocumentError:
        return None
    return journal if isinstance(journal, dict) else None


def _journal_tags(journal: dict[str, object]) -> list[str]:
    entries = journal.get("entries")
    if not isinstance(entries, list):
        return []
    valid = [e for e in entries if isinstance(e, dict) and isinstance(e.get("tag"), str)]

    def position(pair: tuple[int, dict[str, object]]) -> tuple[int, int]:
        index, entry = pair
        idx = entry.get("idx")
        return (idx if isinstance(idx, int) else index, index)

    return [str(entry["tag"]) for _, entry in sorted(enumerate(valid), key=position)]


# Folders of SQL files: by naming (golang-migrate and versioned folders, Flyway, the Supabase
# CLI's timestamps) or markers (dbmate, goose); each takes every SQL file left.


def versioned(folder: Folder) -> Claim | None:
    """``<v>_<name>.up.sql`` files beside plain versioned files, and no ``.down.sql``.

    golang-migrate applies only ``.up.`` files (its parser skips any other name), so such a
    folder belongs to a runner that applies every versioned file (split on ``_``, versions
    compared as numbers), ordered by version across both spellings.
    """
    names = folder.sql_names
    ups = [n for n in names if _GOLANG_UP.fullmatch(n)]
    if not ups or any(_GOLANG_DOWN.fullmatch(n) for n in names):
        return None
    rest = [n for n in names if n not in ups]
    plain = [n for n in rest if _VERSIONED.fullmatch(n)]
    if not plain:
        return None
    ordered = sorted([*ups, *plain], key=_numbered_key)
    others = tuple(
        (
            folder.paths[name],
            "not a <version>_<name> file: a versioned runner does not apply it",
        )
        for name in sorted((n for n in rest if n not in plain), key=natural_key)
    )
    return Claim(_paths(folder, ordered), names, skipped=others)


def golang_migrate(folder: Folder) -> Claim | None:
    """``<v>_<name>.up.sql`` files by version; any other file is not applied."""
    names = folder.sql_names
    ups = [n for n in names if _GOLANG_UP.fullmatch(n)]
    if not ups:
        return None
    downs = {n for n in names if _GOLANG_DOWN.fullmatch(n)}
    skipped = tuple(
        (
            folder.paths[name],
            "not a <version>_<name>.up.sql file: golang-migrate does not apply it",
        )
        for name in sorted((n for n in names if n not in ups and n not in downs), key=natural_key)
    )
    ordered = sorted(ups, key=_numbered_key)
    return Claim(_paths(folder, ordered), names, skipped=skipped)


def flyway(folder: Folder) -> Claim | None:
    """Versioned ``V<v>__`` scripts by version, then repeatable ``R__`` ones by description."""
    names = folder.sql_names
    versioned = [n for n in names if _FLYWAY_VERSIONED.fullmatch(n)]
    repeatable = [n for n in names if _FLYWAY_REPEATABLE.fullmatch(n)]
    if not versioned and not repeatable:
        return None
    taken = {*versioned, *repeatable}
    rest = [n for n in names if n not in taken and not _FLYWAY_UNDO.fullmatch(n)]
    ordered = (
        sorted(versioned, key=_flyway_version_key)
        + sorted(repeatable, key=_flyway_description_key)
        + sorted(rest, key=natural_key)
    )
    return Claim(_paths(folder, ordered), names)


def dbmate(folder: Folder) -> Claim | None:
    """Any file with a ``-- migrate:up`` or ``-- migrate:down`` marker."""
    # The substring test spares a regex search of every file in the common case.
    if not _marked(folder, "migrate:", DBMATE_MARKER):
        return None
    return Claim(_numbered(folder, folder.sql_names), folder.sql_names)


def goose(folder: Folder) -> Claim | None:
    """Any file with a ``-- +goose Up`` or ``-- +goose Down`` marker."""
    if not _marked(folder, "+goose", GOOSE_MARKER):
        return None
    return Claim(_numbered(folder, folder.sql_names), folder.sql_names)


def _marked(folder: Folder, substring: str, marker: re.Pattern[str]) -> bool:
    for name in folder.sql_names:
        text = folder.read(folder.paths[name])
        if substring in text and marker.search(text):
            return True
    return False


def supabase(folder: Folder) -> Claim | None:
    """``<14-digit timestamp>_<name>.sql`` files by timestamp; other files after them."""
    names = folder.sql_names
    timestamped = sorted(n for n in names if _SUPABASE.fullmatch(n))
    if not timestamped:
        return None
    rest = sorted((n for n in names if not _SUPABASE.fullmatch(n)), key=natural_key)
    return Claim(_paths(folder, timestamped + rest), names)


def single_file(folder: Folder) -> Claim | None:
    """A folder with one SQL file no tool recognised."""
    if len(folder.sql_names) != 1:
        return None
    return Claim(_paths(folder, folder.sql_names), folder.sql_names)


def plain(folder: Folder) -> Claim | None:
    """SQL files no tool recognised, in natural order (``2_x`` before ``10_x``)."""
    if not folder.sql_names:
        return None
    ordered = sorted(folder.sql_names, key=natural_key)
    return Claim(_paths(folder, ordered), folder.sql_names)


def _numbered_key(name: str) -> tuple[int, str]:
    match = _NUMBERED.match(name)
    return (int(match.group(1)) if match else 0, name)


def _numbered(folder: Folder, names: Sequence[str]) -> tuple[Path, ...]:
    """Files with a numeric (version or timestamp) prefix by number; the others after them."""
    numbered = [n for n in names if _NUMBERED.match(n)]
    rest = [n for n in names if not _NUMBERED.match(n)]
    ordered = sorted(numbered, key=_numbered_key) + sorted(rest, key=natural_key)
    return _paths(folder, ordered)


def _flyway_version_key(name: str) -> tuple[tuple[int, ...], str]:
    match = _FLYWAY_VERSIONED.fullmatch(name)
    assert match is not None
    parts = [int(part) for part in re.split(r"[._]", match.group(1))]
    # Flyway treats 1.0 and 1 as the same version.
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts), name


def _flyway_description_key(name: str) -> tuple[str, str]:
    match = _FLYWAY_REPEATABLE.fullmatch(name)
    assert match is not None
    return match.group(1), name
