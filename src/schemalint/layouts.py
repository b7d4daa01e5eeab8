"""Migration layouts: which tool owns a folder, and which of its files apply in what order.

Layouts are recognised by structure (file names, subfolders, annotations), never by the name of
the folder that holds them. What a tool does with a file once chosen (its sections, markers,
transactions) is the ``MigrationTool``'s (``schemalint.tools``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from schemalint.frozen import frozen
from schemalint.tools import registry as tools
from schemalint.tools.dialects import Dialect, dialect_named
from schemalint.tools.registry import DBMATE_MARKER, GOOSE_MARKER, MigrationTool

Reader = Callable[[Path], str]

_PRISMA_MIGRATION = re.compile(r"\d+_")
PRISMA_PROVIDER = re.compile(r"""^\s*provider\s*=\s*["']([A-Za-z]+)["']""", re.MULTILINE)
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
_DIGITS = re.compile(r"(\d+)")


@frozen
class Plan:
    """A migration stream before its files are read: root folder, tool, ordered files.

    ``dialect`` is what the tool's own files say about the database (Prisma's
    migration_lock.toml, drizzle's journal), read from ``dialect_source``; ``skipped`` the
    SQL files of the folder the tool does not apply, each with the reason.
    """

    root: Path
    tool: MigrationTool
    files: tuple[Path, ...]
    dialect: Dialect | None = None
    dialect_source: str = ""
    skipped: tuple[tuple[Path, str], ...] = ()


@frozen
class Planned:
    """What one folder holds: its streams, the subfolders they (or nothing) consume, and the
    files under it that are not migrations, each with the reason."""

    plans: tuple[Plan, ...]
    consumed: frozenset[str] = frozenset()
    skipped: tuple[tuple[Path, str], ...] = ()


# A Supabase project folder: only migrations/ holds migrations.
_SUPABASE_NOT_MIGRATIONS = {
    "tests": "pgTAP tests (`supabase test db`), not migrations",
    "functions": "Edge Functions, not migrations",
}


@frozen
class Listing:
    """The entries of one folder: subfolder names and file names."""

    directory: Path
    dirnames: tuple[str, ...]
    filenames: tuple[str, ...]


def list_directory(directory: Path) -> Listing:
    """The entries of ``directory`` (raises OSError when it cannot be listed)."""
    dirnames: list[str] = []
    filenames: list[str] = []
    with os.scandir(directory) as entries:
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            (dirnames if is_dir else filenames).append(entry.name)
    return Listing(directory, tuple(dirnames), tuple(filenames))


def natural_key(name: str) -> tuple[tuple[str | int, ...], str]:
    """Sort key putting ``2_x`` before ``10_x`` (digit runs compare as numbers)."""
    parts = _DIGITS.split(name)
    key = tuple(int(part) if index % 2 else part.casefold() for index, part in enumerate(parts))
    return key, name


def owner_of(directory: Path) -> Path | None:
    """The folder whose stream ``directory`` belongs to, when it is a part of a larger layout."""
    parent = directory.parent
    if parent == directory:
        return None
    if _PRISMA_MIGRATION.match(directory.name) and (directory / "migration.sql").is_file():
        return parent
    if directory.name in ("committed", "current"):
        try:
            listing = list_directory(parent)
        except OSError:
            return None
        if _is_graphile(listing):
            return parent
    return None


def plan_directory(listing: Listing, read: Reader) -> Planned:
    """The streams rooted at a folder, and the names of the subfolders those streams consume."""
    if is_supabase_project(listing):
        return _plan_supabase_project(listing)
    plans: list[Plan] = []
    consumed: set[str] = set()
    directory = listing.directory
    sql_names = [name for name in listing.filenames if name.endswith(".sql")]

    prisma_folders = sorted(
        name
        for name in listing.dirnames
        if _PRISMA_MIGRATION.match(name) and (directory / name / "migration.sql").is_file()
    )
    if prisma_folders:
        consumed.update(prisma_folders)
        dialect = _prisma_dialect(directory, listing.filenames, read)
        plans.append(
            Plan(
                directory,
                tools.PRISMA,
                tuple(directory / name / "migration.sql" for name in prisma_folders),
                dialect,
                "migration_lock.toml" if dialect else "",
            )
        )

    if _is_graphile(listing):
        files, current_dir = _graphile_files(listing)
        consumed.add("committed")
        if current_dir:
            consumed.add("current")
        sql_names = [name for name in sql_names if name != "current.sql"]
        plans.append(Plan(directory, tools.GRAPHILE, files))

    if "meta" in listing.dirnames and (directory / "meta" / "_journal.json").is_file():
        consumed.add("meta")
        plans.append(_plan_drizzle(directory, sql_names, read))
        sql_names = []

    if sql_names:
        plans.append(_plan_flat(directory, sql_names, read))
    return Planned(tuple(plans), frozenset(consumed))


def is_supabase_project(listing: Listing) -> bool:
    """A ``supabase/`` folder made by ``supabase init`` (its config.toml or migrations/)."""
    return listing.directory.name == "supabase" and (
        "config.toml" in listing.filenames or "migrations" in listing.dirnames
    )


def _plan_supabase_project(listing: Listing) -> Planned:
    """Only ``supabase/migrations`` is applied as migrations; seed data and tests are not."""
    directory = listing.directory
    skipped = [
        (directory / name, "seed data (run after the migrations by `supabase db reset`)")
        for name in sorted(listing.filenames)
        if name.endswith(".sql")
    ]
    skipped.extend(
        (directory / name, _SUPABASE_NOT_MIGRATIONS.get(name, "not supabase/migrations"))
        for name in sorted(listing.dirnames)
        if name != "migrations"
    )
    consumed = frozenset(name for name in listing.dirnames if name != "migrations")
    return Planned((), consumed, tuple(skipped))


def _prisma_dialect(directory: Path, filenames: Sequence[str], read: Reader) -> Dialect | None:
    if "migration_lock.toml" not in filenames:
        return None
    return prisma_provider(read(directory / "migration_lock.toml"))


def prisma_provider(text: str) -> Dialect | None:
    """The database of the first ``provider`` that names one (a lock file, a datasource)."""
    for match in PRISMA_PROVIDER.finditer(text):
        dialect = dialect_named(match.group(1))
        if dialect is not None:
            return dialect
    return None


def _is_graphile(listing: Listing) -> bool:
    if "committed" not in listing.dirnames:
        return False
    if "current.sql" in listing.filenames or "current" in listing.dirnames:
        return True
    try:
        committed = list_directory(listing.directory / "committed").filenames
    except OSError:
        return False
    sql = [name for name in committed if name.endswith(".sql")]
    return bool(sql) and all(_GRAPHILE_COMMITTED.fullmatch(name) for name in sql)


def _sql_files_in(directory: Path) -> list[str]:
    try:
        names = list_directory(directory).filenames
    except OSError:
        return []
    return sorted((name for name in names if name.endswith(".sql")), key=natural_key)


def _graphile_files(listing: Listing) -> tuple[tuple[Path, ...], bool]:
    committed = listing.directory / "committed"
    files = [committed / name for name in _sql_files_in(committed)]
    if "current.sql" in listing.filenames:
        return (*files, listing.directory / "current.sql"), False
    current = listing.directory / "current"
    current_dir = "current" in listing.dirnames
    if current_dir:
        files.extend(current / name for name in _sql_files_in(current))
    return tuple(files), current_dir


def _plan_drizzle(directory: Path, sql_names: Sequence[str], read: Reader) -> Plan:
    """drizzle-kit applies the files its journal lists, in journal order, and nothing else.

    A journal that cannot be read says nothing: every file then applies in natural order.
    """
    journal = _read_journal(directory / "meta" / "_journal.json", read)
    if journal is None:
        ordered = sorted(sql_names, key=natural_key)
        return Plan(directory, tools.DRIZZLE, _paths(directory, ordered))
    available = set(sql_names)
    ordered = []
    for tag in _journal_tags(journal):
        name = f"{tag}.sql"
        if name in available and name not in ordered:
            ordered.append(name)
    listed = set(ordered)
    skipped = tuple(
        (directory / name, "not listed in meta/_journal.json: drizzle-kit does not apply it")
        for name in sorted(available - listed, key=natural_key)
    )
    raw = journal.get("dialect")
    dialect = dialect_named(raw) if isinstance(raw, str) else None
    source = "meta/_journal.json" if dialect else ""
    return Plan(directory, tools.DRIZZLE, _paths(directory, ordered), dialect, source, skipped)


def _read_journal(path: Path, read: Reader) -> dict[str, object] | None:
    """The journal, or None if it is unusable: invalid JSON, nested too deeply, a number of
    thousands of digits, or over the size cap (documents.py)."""
    from schemalint.documents import MAX_JOURNAL_BYTES, DocumentError, parse_json

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


def _plan_flat(directory: Path, names: Sequence[str], read: Reader) -> Plan:
    """A folder of SQL files: which tool's naming or annotations they follow."""
    ups = [n for n in names if _GOLANG_UP.fullmatch(n)]
    if ups:
        return _plan_up_files(directory, names, ups)

    versioned = [n for n in names if _FLYWAY_VERSIONED.fullmatch(n)]
    repeatable = [n for n in names if _FLYWAY_REPEATABLE.fullmatch(n)]
    if versioned or repeatable:
        taken = {*versioned, *repeatable}
        rest = [n for n in names if n not in taken and not _FLYWAY_UNDO.fullmatch(n)]
        ordered = (
            sorted(versioned, key=_flyway_version_key)
            + sorted(repeatable, key=_flyway_description_key)
            + sorted(rest, key=natural_key)
        )
        return Plan(directory, tools.FLYWAY, _paths(directory, ordered))

    texts = [read(directory / name) for name in names]
    # The substring tests spare a regex search of every file in the common case.
    if any("migrate:" in text and DBMATE_MARKER.search(text) for text in texts):
        return Plan(directory, tools.DBMATE, _numbered(directory, names))
    if any("+goose" in text and GOOSE_MARKER.search(text) for text in texts):
        return Plan(directory, tools.GOOSE, _numbered(directory, names))
    if any(_SUPABASE.fullmatch(n) for n in names):
        timestamped = sorted(n for n in names if _SUPABASE.fullmatch(n))
        rest = sorted((n for n in names if not _SUPABASE.fullmatch(n)), key=natural_key)
        return Plan(directory, tools.SUPABASE, _paths(directory, timestamped + rest))
    tool = tools.FILE if len(names) == 1 else tools.PLAIN
    return Plan(directory, tool, _paths(directory, sorted(names, key=natural_key)))


def _plan_up_files(directory: Path, names: Sequence[str], ups: Sequence[str]) -> Plan:
    """``<v>_<name>.up.sql`` files: golang-migrate, unless the folder is a versioned one.

    golang-migrate applies only ``.up.`` files (its parser skips any other name). A folder
    that also holds plain versioned files and no ``.down.sql`` belongs to a runner that applies
    every versioned file (split on ``_``, versions compared as numbers).
    """
    downs = [n for n in names if _GOLANG_DOWN.fullmatch(n)]
    taken = {*ups, *downs}
    rest = [n for n in names if n not in taken]
    versioned = [n for n in rest if _VERSIONED.fullmatch(n)]
    if versioned and not downs:
        ordered = sorted([*ups, *versioned], key=_numbered_key)
        others = tuple(
            (directory / name, "not a <version>_<name> file: a versioned runner does not apply it")
            for name in sorted((n for n in rest if n not in versioned), key=natural_key)
        )
        return Plan(directory, tools.VERSIONED, _paths(directory, ordered), skipped=others)
    skipped = tuple(
        (directory / name, "not a <version>_<name>.up.sql file: golang-migrate does not apply it")
        for name in sorted(rest, key=natural_key)
    )
    ordered = sorted(ups, key=_numbered_key)
    return Plan(directory, tools.GOLANG_MIGRATE, _paths(directory, ordered), skipped=skipped)


def _paths(directory: Path, names: Sequence[str]) -> tuple[Path, ...]:
    return tuple(directory / name for name in names)


def _numbered_key(name: str) -> tuple[int, str]:
    match = _NUMBERED.match(name)
    return (int(match.group(1)) if match else 0, name)


def _numbered(directory: Path, names: Sequence[str]) -> tuple[Path, ...]:
    """Files with a numeric (version or timestamp) prefix by number; the others after them."""
    numbered = [n for n in names if _NUMBERED.match(n)]
    rest = [n for n in names if not _NUMBERED.match(n)]
    ordered = sorted(numbered, key=_numbered_key) + sorted(rest, key=natural_key)
    return _paths(directory, ordered)


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
