"""Migration layouts: which tool owns a folder, and which of its files apply in what order.

Each ``MigrationTool`` recognises its own folders by structure (file names, subfolders,
annotations), never by the name of the folder that holds them: ``plan_directory`` asks the
tools of ``registry.TOOLS`` in order (structure first; the plain fallbacks last), each seeing
the SQL files no earlier tool took. The built-in recognisers are in ``tools/structures.py``;
what a tool does with a file once chosen (its sections, markers, transactions) is the tool's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from schemalint.frozen import frozen
from schemalint.tools.dialects import Dialect, dialect_named

if TYPE_CHECKING:
    from schemalint.tools.registry import MigrationTool

Reader = Callable[[Path], str]

PRISMA_PROVIDER = re.compile(r"""^\s*provider\s*=\s*["']([A-Za-z]+)["']""", re.MULTILINE)
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
    """The folder whose stream ``directory`` belongs to, when it is a part of a larger layout
    (one Prisma migration folder, graphile's ``committed/``): a tool's ``part_of`` says."""
    from schemalint.tools.registry import TOOLS

    parent = directory.parent
    if parent == directory:
        return None
    if any(tool.part_of is not None and tool.part_of(directory) for tool in TOOLS.values()):
        return parent
    return None


@frozen
class Folder:
    """A folder as a tool's recogniser sees it: its entries, the SQL files (``*.sql``) no
    tool before it took, the path of each SQL file of the folder, and how to read a file."""

    listing: Listing
    sql_names: tuple[str, ...]
    paths: Mapping[str, Path]
    read: Reader

    @property
    def directory(self) -> Path:
        return self.listing.directory


@frozen
class Claim:
    """What a tool recognises in a folder as its own.

    ``files``: the migration files it applies, in order. ``taken``: the SQL file names of the
    folder it accounts for (applied or not), which later tools no longer see. ``consumed``:
    subfolders that are part of its layout (not walked as folders of their own). ``dialect``:
    what its own files say about the database, read from ``dialect_source``. ``skipped``: SQL
    files it does not apply, each with the reason ``-v`` prints.
    """

    files: tuple[Path, ...]
    taken: tuple[str, ...] = ()
    consumed: frozenset[str] = frozenset()
    dialect: Dialect | None = None
    dialect_source: str = ""
    skipped: tuple[tuple[Path, str], ...] = ()


def plan_directory(listing: Listing, read: Reader) -> Planned:
    """The streams rooted at a folder, and the names of the subfolders those streams consume."""
    from schemalint.tools.registry import TOOLS

    if is_supabase_project(listing):
        return _plan_supabase_project(listing)
    plans: list[Plan] = []
    consumed: set[str] = set()
    sql_names = tuple(name for name in listing.filenames if name.endswith(".sql"))
    if not sql_names and not listing.dirnames:
        return Planned(())  # nothing any tool could recognise
    directory = listing.directory
    # Each path made once: recognisers look at the same files.
    paths = {name: directory / name for name in sql_names}
    for tool in TOOLS.values():
        if tool.recognise is None:
            continue
        claim = tool.recognise(Folder(listing, sql_names, paths, read))
        if claim is None:
            continue
        plans.append(
            Plan(
                listing.directory,
                tool,
                claim.files,
                claim.dialect,
                claim.dialect_source,
                claim.skipped,
            )
        )
        consumed.update(claim.consumed)
        if claim.taken:
            taken = set(claim.taken)
            sql_names = tuple(name for name in sql_names if name not in taken)
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


def prisma_provider(text: str) -> Dialect | None:
    """The database of the first ``provider`` that names one (a lock file, a datasource)."""
    for match in PRISMA_PROVIDER.finditer(text):
        dialect = dialect_named(match.group(1))
        if dialect is not None:
            return dialect
    return None


def sql_files_in(directory: Path) -> list[str]:
    """The ``*.sql`` files of ``directory`` in natural order (none when it cannot be read)."""
    try:
        names = list_directory(directory).filenames
    except OSError:
        return []
    return sorted((name for name in names if name.endswith(".sql")), key=natural_key)
