"""Migration tools as objects, with their one registry.

A ``MigrationTool`` recognises its own folders by structure and orders their files
(``recognise``, asked by ``layouts.plan_directory`` in ``TOOLS`` order), says what the tool
never applies (``mask``: down sections, its own markers) and which runner applies the files
with which transaction model. Rules, fixes and reporters ask it; nothing compares its name.
Adding a tool is one module (its recogniser, mask and runner model) and one line in ``TOOLS``.
The masks (down sections and markers a tool never sends to the database) live here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from schemalint.frozen import frozen

if TYPE_CHECKING:
    from pathlib import Path

    from schemalint.inputs.layouts import Claim, Folder
    from schemalint.tools.transactions import TransactionModel, Version

DBMATE_MARKER = re.compile(r"^[ \t]*--[ \t]*migrate:(up|down)\b", re.MULTILINE)
GOOSE_MARKER = re.compile(r"^[ \t]*--[ \t]*\+goose[ \t]+((?i:up|down))\b", re.MULTILINE)
# drizzle-kit splits a file on this line. ``-->`` is a comment only in PostgreSQL (MySQL wants
# a blank after ``--``), so the marker's ``>`` is blanked: a comment in every dialect.
_BREAKPOINT = r"-->([ \t]*statement-breakpoint)"


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
    return _mask_sections(text, DBMATE_MARKER)


def mask_goose(text: str) -> str:
    """Only ``-- +goose Up`` sections are applied. Above the first annotation goose skips
    blank lines and ``--`` comments, and refuses the file at any other line ("failed to
    parse migration: unexpected state 0 on line ...": pressly/goose,
    internal/sqlparser/parser.go): such a line never runs, so it is blanked too (a ``SET``
    there is not in effect)."""
    masked = _mask_sections(text, GOOSE_MARKER)
    first = GOOSE_MARKER.search(text)
    if first is None:
        return masked
    head = "".join(
        line if not line.strip() or line.lstrip().startswith("--") else blank(line)
        for line in masked[: first.start()].splitlines(keepends=True)
    )
    return head + masked[first.start() :]


def mask_drizzle(text: str) -> str:
    """``--> statement-breakpoint`` as ``--  statement-breakpoint``, a comment in every dialect.

    drizzle-kit generates a ``;`` before each marker, so the statements still split there.
    """
    if "statement-breakpoint" not in text:
        return text
    return re.sub(_BREAKPOINT, r"-- \1", text)


@frozen
class MigrationTool:
    """A migration tool.

    ``name`` is how config and ``-v`` spell it; ``label`` the tool's own name.
    ``model`` gives the runner's transaction model for a runner version.
    ``recognise`` claims the tool's files in a folder by its structure (``None``: not its
    folder); ``part_of`` says a folder is a part of the tool's layout rooted at its parent
    (a Prisma migration folder), for a layout with subfolders. ``opts_out`` says whether a
    side file of a migration opts it out of the runner's transaction (Flyway's
    ``<script>.sql.conf``).
    ``mask`` blanks what the tool never sends to the database (offsets kept).
    ``ambiguous``: recognised by what it lacks (a plain folder): config may name its runner.
    """

    name: str
    label: str
    model: Callable[[Version | None], TransactionModel]
    recognise: Callable[[Folder], Claim | None] | None = None
    mask: Callable[[str], str] | None = None
    part_of: Callable[[Path], bool] | None = None
    opts_out: Callable[[Path, Callable[[Path], str]], bool] | None = None
    ambiguous: bool = False

    def transaction_model(self, version: Version | None = None) -> TransactionModel:
        """The runner's model for ``version`` (``None``: the newest behaviour)."""
        return self.model(version)


def _runner(name: str) -> Callable[[Version | None], TransactionModel]:
    """The model function ``name`` of ``schemalint.tools.runners``, imported when called."""

    def model(version: Version | None) -> TransactionModel:
        from schemalint.tools import runners

        found: Callable[[Version | None], TransactionModel] = getattr(runners, name)
        return found(version)

    return model


# The built-in tools' recognisers live in ``tools/structures.py``, imported when a folder is
# first recognised (a run on an empty folder never needs them).
Recogniser = Callable[["Folder"], "Claim | None"]


def _structure(name: str) -> Recogniser:
    """The recogniser ``name`` of ``schemalint.tools.structures``, imported when called."""

    def recognise(folder: Folder) -> Claim | None:
        from schemalint.tools import structures

        found: Recogniser = getattr(structures, name)
        return found(folder)

    return recognise


def _part(name: str, named: Callable[[str], bool]) -> Callable[[Path], bool]:
    """``structures.<name>``, asked only of folders whose name passes ``named``."""

    def part_of(directory: Path) -> bool:
        if not named(directory.name):
            return False
        from schemalint.tools import structures

        found: Callable[[Path], bool] = getattr(structures, name)
        return found(directory)

    return part_of


def _opts_out(name: str) -> Callable[[Path, Callable[[Path], str]], bool]:
    """``structures.<name>``, imported when called."""

    def opts_out(path: Path, read: Callable[[Path], str]) -> bool:
        from schemalint.tools import structures

        found: Callable[[Path, Callable[[Path], str]], bool] = getattr(structures, name)
        return found(path, read)

    return opts_out


PRISMA = MigrationTool(
    "prisma",
    "Prisma Migrate",
    _runner("prisma_migrate"),
    _structure("prisma"),
    part_of=_part("prisma_part", lambda name: name[:1].isdigit()),
)
SUPABASE = MigrationTool(
    "supabase", "the Supabase CLI", _runner("supabase_cli"), _structure("supabase")
)
FLYWAY = MigrationTool(
    "flyway",
    "Flyway",
    _runner("flyway"),
    _structure("flyway"),
    opts_out=_opts_out("flyway_opts_out"),
)
GOLANG_MIGRATE = MigrationTool(
    "golang-migrate", "golang-migrate", _runner("golang_migrate"), _structure("golang_migrate")
)
DBMATE = MigrationTool("dbmate", "dbmate", _runner("dbmate"), _structure("dbmate"), mask_dbmate)
GOOSE = MigrationTool("goose", "goose", _runner("goose"), _structure("goose"), mask_goose)
DRIZZLE = MigrationTool(
    "drizzle", "drizzle-kit", _runner("drizzle_kit"), _structure("drizzle"), mask_drizzle
)
GRAPHILE = MigrationTool(
    "graphile",
    "graphile-migrate",
    _runner("graphile_migrate"),
    _structure("graphile"),
    part_of=_part("graphile_part", lambda name: name in ("committed", "current")),
)
# Every versioned file applied in version order, whatever its suffix (an in-house runner).
VERSIONED = MigrationTool(
    "versioned",
    "a versioned-file runner",
    _runner("psql"),
    _structure("versioned"),
    ambiguous=True,
)
FILE = MigrationTool("file", "psql", _runner("psql"), _structure("single_file"), ambiguous=True)
PLAIN = MigrationTool("plain", "psql", _runner("psql"), _structure("plain"), ambiguous=True)

# Every tool, in the order folders are recognised: layouts with subfolders or side files
# first, then folders of SQL files by naming and markers, the plain fallbacks last. A tool
# earlier in the order takes the SQL files it accounts for; later tools see the rest.
TOOLS: Mapping[str, MigrationTool] = MappingProxyType(
    {
        tool.name: tool
        for tool in (
            PRISMA,
            GRAPHILE,
            DRIZZLE,
            VERSIONED,
            GOLANG_MIGRATE,
            FLYWAY,
            DBMATE,
            GOOSE,
            SUPABASE,
            FILE,
            PLAIN,
        )
    }
)
# Runners config may name for an ambiguous folder (``migration-tool``).
RUNNERS: Mapping[str, MigrationTool] = MappingProxyType(
    {**{n: t for n, t in TOOLS.items() if not t.ambiguous}, "psql": PLAIN}
)
