"""Migration layouts: which tool owns a folder, in what order its files apply, what is masked.

Layouts are recognised by structure (file names, subfolders, annotations), never by the name of
the folder that holds them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from schemalint.frozen import frozen

Reader = Callable[[Path], str]

_PRISMA_MIGRATION = re.compile(r"\d+_")
_PRISMA_PROVIDER = re.compile(r"""^\s*provider\s*=\s*["']([A-Za-z]+)["']""", re.MULTILINE)
_PRISMA_DIALECTS = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "cockroachdb": "postgres",
    "mysql": "mysql",
    "sqlite": "sqlite",
}
_GRAPHILE_COMMITTED = re.compile(r"\d{6}(?:-.*)?\.sql")
_GOLANG_UP = re.compile(r"(\d+)_.*\.up\.sql")
_GOLANG_DOWN = re.compile(r"\d+_.*\.down\.sql")
_FLYWAY_VERSIONED = re.compile(r"V(\d+(?:[._]\d+)*)__.*\.sql")
_FLYWAY_REPEATABLE = re.compile(r"R__(.*)\.sql")
_FLYWAY_UNDO = re.compile(r"U\d+(?:[._]\d+)*__.*\.sql")
_SUPABASE = re.compile(r"\d{14}_.*\.sql")
_NUMBERED = re.compile(r"(\d+)")
_DBMATE_MARKER = re.compile(r"^[ \t]*--[ \t]*migrate:(up|down)\b", re.MULTILINE)
_GOOSE_MARKER = re.compile(r"^[ \t]*--[ \t]*\+goose[ \t]+((?i:up|down))\b", re.MULTILINE)
_DIGITS = re.compile(r"(\d+)")


@frozen
class Plan:
    """A migration stream before its files are read: root folder, layout, ordered files.

    ``mask`` hides the sections a tool never applies (down sections), keeping every offset.
    """

    root: Path
    layout: str
    files: tuple[Path, ...]
    dialect: str | None = None
    mask: Callable[[str], str] | None = None


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


def plan_directory(listing: Listing, read: Reader) -> tuple[list[Plan], set[str]]:
    """The streams rooted at a folder, and the names of the subfolders those streams consume."""
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
        plans.append(
            Plan(
                directory,
                "prisma",
                tuple(directory / name / "migration.sql" for name in prisma_folders),
                _prisma_dialect(directory, listing.filenames, read),
            )
        )

    if _is_graphile(listing):
        files, current_dir = _graphile_files(listing)
        consumed.add("committed")
        if current_dir:
            consumed.add("current")
        sql_names = [name for name in sql_names if name != "current.sql"]
        plans.append(Plan(directory, "graphile", files))

    if "meta" in listing.dirnames and (directory / "meta" / "_journal.json").is_file():
        consumed.add("meta")
        plans.append(Plan(directory, "drizzle", _drizzle_files(directory, sql_names, read)))
        sql_names = []

    if sql_names:
        plans.append(_plan_flat(directory, sql_names, read))
    return plans, consumed


def _prisma_dialect(directory: Path, filenames: Sequence[str], read: Reader) -> str | None:
    if "migration_lock.toml" not in filenames:
        return None
    match = _PRISMA_PROVIDER.search(read(directory / "migration_lock.toml"))
    return _PRISMA_DIALECTS.get(match.group(1).lower()) if match else None


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


def _drizzle_files(directory: Path, sql_names: Sequence[str], read: Reader) -> tuple[Path, ...]:
    """Journal order first; SQL files the journal does not list follow in natural order."""
    available = set(sql_names)
    ordered: list[str] = []
    for tag in _journal_tags(directory / "meta" / "_journal.json", read):
        name = f"{tag}.sql"
        if name in available and name not in ordered:
            ordered.append(name)
    listed = set(ordered)
    ordered.extend(sorted((n for n in sql_names if n not in listed), key=natural_key))
    return tuple(directory / name for name in ordered)


def _journal_tags(path: Path, read: Reader) -> list[str]:
    """The journal's tags in order; none (natural order) if it is unusable: invalid JSON,
    nested too deeply, a number of thousands of digits, or over the size cap."""
    from schemalint.documents import MAX_JOURNAL_BYTES, DocumentError, parse_json

    try:
        if path.stat().st_size > MAX_JOURNAL_BYTES:
            return []
    except OSError:
        pass  # `read` says why it cannot be read
    try:
        journal = parse_json(read(path))
    except DocumentError:
        return []
    entries = journal.get("entries") if isinstance(journal, dict) else None
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
        rest = [n for n in names if n not in ups and not _GOLANG_DOWN.fullmatch(n)]
        ordered = sorted(ups, key=_numbered_key) + sorted(rest, key=natural_key)
        return Plan(directory, "golang-migrate", _paths(directory, ordered))

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
        return Plan(directory, "flyway", _paths(directory, ordered))

    texts = [read(directory / name) for name in names]
    # The substring tests spare a regex search of every file in the common case.
    if any("migrate:" in text and _DBMATE_MARKER.search(text) for text in texts):
        return Plan(directory, "dbmate", _numbered(directory, names), mask=mask_dbmate)
    if any("+goose" in text and _GOOSE_MARKER.search(text) for text in texts):
        return Plan(directory, "goose", _numbered(directory, names), mask=mask_goose)
    if any(_SUPABASE.fullmatch(n) for n in names):
        timestamped = sorted(n for n in names if _SUPABASE.fullmatch(n))
        rest = sorted((n for n in names if not _SUPABASE.fullmatch(n)), key=natural_key)
        return Plan(directory, "supabase", _paths(directory, timestamped + rest))
    layout = "file" if len(names) == 1 else "plain"
    return Plan(directory, layout, _paths(directory, sorted(names, key=natural_key)))


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


def blank(text: str) -> str:
    """Spaces in place of every character but line breaks (offsets and lines unchanged)."""
    return re.sub(r"[^\r\n]", " ", text)


def _mask_sections(text: str, marker: re.Pattern[str]) -> str:
    """Blank every ``down`` section: from its marker to the next ``up`` marker or the end."""
    pieces: list[str] = []
    copied = 0
    down_from: int | None = None
    for match in marker.finditer(text):
        is_down = match.group(1).lower() == "down"
        if is_down and down_from is None:
            down_from = match.start()
        elif not is_down and down_from is not None:
            pieces.append(text[copied:down_from])
            pieces.append(blank(text[down_from : match.start()]))
            copied = match.start()
            down_from = None
    if down_from is not None:
        pieces.append(text[copied:down_from])
        pieces.append(blank(text[down_from:]))
        copied = len(text)
    if not pieces:
        return text
    pieces.append(text[copied:])
    return "".join(pieces)


def mask_dbmate(text: str) -> str:
    """Only ``-- migrate:up`` sections are applied."""
    return _mask_sections(text, _DBMATE_MARKER)


def mask_goose(text: str) -> str:
    """Only ``-- +goose Up`` sections are applied."""
    return _mask_sections(text, _GOOSE_MARKER)
