"""Finding inputs: migration streams, Prisma schemas, and which files are targets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemalint.source import SourceFile


@dataclass(frozen=True)
class Stream:
    """Migration files applied one after the other, in order.

    ``layout`` names the tool that owns the folder (``prisma``, ``supabase``, ``flyway``,
    ``golang-migrate``, ``dbmate``, ``goose``, ``drizzle``, ``graphile``, ``plain``, ``file``).
    ``dialect`` is what the layout says about the database (Prisma's migration_lock.toml),
    or ``None`` when it says nothing.
    """

    root: Path
    layout: str
    files: tuple[SourceFile, ...]
    dialect: str | None = None


@dataclass(frozen=True)
class PrismaSchema:
    """A Prisma schema: one ``schema.prisma`` or every ``*.prisma`` file of a folder."""

    root: Path
    files: tuple[SourceFile, ...]


@dataclass(frozen=True)
class Discovery:
    """Everything to load. ``targets`` are the display paths findings may be reported on."""

    streams: tuple[Stream, ...]
    prisma_schemas: tuple[PrismaSchema, ...]
    targets: frozenset[str]
