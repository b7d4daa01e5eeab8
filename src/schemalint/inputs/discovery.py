"""Finding inputs: migration streams, Prisma schemas, and which files are targets."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from schemalint.frozen import frozen
from schemalint.inputs import layouts, placeholders, psql_script
from schemalint.inputs.prisma_files import PROJECT_MARKERS, PrismaLocator, locate_schema
from schemalint.source import SourceFile
from schemalint.tools import registry as tools
from schemalint.tools.dialects import POSTGRES, Dialect
from schemalint.tools.registry import MigrationTool

if TYPE_CHECKING:
    from schemalint.tools.project import ProjectFacts

# Never holds migrations of the project being linted; often holds thousands of files.
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv"})


class DiscoveryError(Exception):
    """An input that does not exist or cannot be read, worded as the one line the user sees."""


@frozen
class Stream:
    """Migration files applied one after the other, in order, by ``tool``.

    ``dialect`` is decided before the files are read: ``--dialect`` or the config, else what
    the tool's files say (Prisma's migration_lock.toml, drizzle's journal), else the provider
    of the Prisma schema beside the migrations, else PostgreSQL; ``dialect_source`` says
    which. ``skipped`` holds the display paths of the folder's files the tool does not apply,
    with the reason. ``project``: what ``supabase/config.toml`` says (``None``: not looked).
    ``opted_out``: the display paths of files a side file opts out of the runner's
    transaction (``MigrationTool.opts_out``).
    """

    root: Path
    tool: MigrationTool
    files: tuple[SourceFile, ...]
    dialect: Dialect = POSTGRES
    dialect_source: str = "default"
    skipped: tuple[tuple[str, str], ...] = ()
    project: ProjectFacts | None = None
    opted_out: frozenset[str] = frozenset()

    @property
    def layout(self) -> str:
        """The tool's name (``prisma``, ``supabase``, ``plain``...), for messages and keys."""
        return self.tool.name


@frozen
class PrismaSchema:
    """A Prisma schema: one ``schema.prisma`` or every ``*.prisma`` file of a folder."""

    root: Path
    files: tuple[SourceFile, ...]
    # How it was found, for ``-v``: Prisma's lookup ("prisma.config.ts sets schema: ..."), or
    # "" for .prisma files named or found outside any Prisma project.
    reason: str = ""


@frozen
class Discovery:
    """Everything to load. ``targets`` are the display paths findings may be reported on.

    ``undecodable`` holds the display paths of files that were not valid UTF-8 (read with
    replacement characters). ``skipped``: files under the paths that are not migrations
    (a Supabase project's seed and tests), with the reason.
    """

    streams: tuple[Stream, ...]
    prisma_schemas: tuple[PrismaSchema, ...]
    targets: frozenset[str]
    undecodable: frozenset[str] = frozenset()
    skipped: tuple[tuple[str, str], ...] = ()


def discover(
    paths: Sequence[Path],
    *,
    cwd: Path,
    is_excluded: Callable[[Path], bool] = lambda p: False,
    dialect: tuple[Dialect, str] | None = None,
    runner: MigrationTool | None = None,
    stdin: tuple[Path, str] | None = None,
) -> Discovery:
    """Find the streams and Prisma schemas of ``paths`` (folders or single files).

    ``is_excluded`` receives absolute paths. ``dialect``: the dialect the user chose and where
    (``--dialect``, the config), which every stream then uses. ``runner``: the tool that
    applies folders whose structure does not say (a plain folder). ``stdin`` is a file's path
    and the text to use instead of what is on disk (an editor's unsaved buffer); the file need
    not exist, its folder decides its stream. Raises DiscoveryError for a path that does not
    exist or cannot be read.
    """
    run = _Run(Path(os.path.normpath(cwd.absolute())), is_excluded, dialect, runner)
    if stdin is not None:
        virtual = Path(os.path.normpath(run.cwd / stdin[0]))
        run.texts[virtual] = stdin[1]
        run.virtual = virtual
    for path in paths:
        absolute = Path(os.path.normpath(run.cwd / path))
        if absolute == run.virtual:
            run.add_file(absolute)
            continue
        try:
            if absolute.is_dir():
                run.add_folder(absolute)
                continue
            if absolute.is_file():
                run.add_file(absolute)
                continue
            # stat, not exists(): exists() says "no such file" for a symlink loop too.
            absolute.stat()
            problem = "not a file or directory"
        except OSError as error:
            problem = _reason(error)
        raise DiscoveryError(f"{run.display(absolute)}: {problem}")
    return run.result()


def _read_regular_file(path: Path) -> bytes | None:
    """The bytes of ``path``, or None when it is not a regular file.

    Opened non-blocking and checked first, so a FIFO named ``x.sql`` cannot hang the run.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return None
        chunks: list[bytes] = []
        # Plain os.read: a buffered file object costs more than the read of a small file.
        while chunk := os.read(descriptor, max(info.st_size + 1, 65536)):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


@dataclass
class _Run:
    """What one ``discover`` call has found so far (files are read at most once)."""

    cwd: Path
    is_excluded: Callable[[Path], bool]
    dialect: tuple[Dialect, str] | None = None
    runner: MigrationTool | None = None
    plans: dict[tuple[Path, str, str], layouts.Plan] = field(default_factory=dict)
    planned: dict[Path, layouts.Planned] = field(default_factory=dict)
    skipped: dict[Path, str] = field(default_factory=dict)
    targets: set[Path] = field(default_factory=set)
    texts: dict[Path, str] = field(default_factory=dict)
    undecodable: set[Path] = field(default_factory=set)
    # A file whose text came from stdin (in ``texts``); it may not exist on disk yet.
    virtual: Path | None = None
    prisma: PrismaLocator = field(init=False)
    # Per folder, the schema Prisma's lookup finds there (None: not a Prisma project).
    located: dict[Path, tuple[Path, str] | None] = field(default_factory=dict)
    # Prisma project folders, each with the files of its schema: other .prisma files below
    # them (templates, fixtures) are not schemas of the project.
    projects: dict[Path, frozenset[Path]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.prisma = PrismaLocator(self.read, self.is_excluded, _SKIPPED_DIRS)

    def display(self, path: Path) -> str:
        # String slicing: Path.relative_to costs more than reading a small file.
        text = str(path)
        base = str(self.cwd)
        if text == base:
            return "."
        prefix = base if base.endswith(os.sep) else base + os.sep
        if text.startswith(prefix):
            text = text[len(prefix) :]
        return text.replace(os.sep, "/") if os.sep != "/" else text

    def read(self, path: Path) -> str:
        cached = self.texts.get(path)
        if cached is not None:
            return cached
        try:
            data = _read_regular_file(path)
        except OSError as error:
            raise DiscoveryError(f"{self.display(path)}: cannot read: {_reason(error)}") from None
        if data is None:
            raise DiscoveryError(f"{self.display(path)}: cannot read: not a regular file")
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            self.undecodable.add(path)
        self.texts[path] = text
        return text

    def add_folder(self, top: Path) -> None:
        if self.is_excluded(top):
            return
        owner = layouts.owner_of(top)
        if owner is not None:
            # A part of a larger layout (one Prisma migration folder, graphile's committed/).
            for plan in self._plans_at(self._listing(owner)):
                self._use(plan, [f for f in plan.files if top in f.parents])
            return
        self._project_above(top)
        for directory, dirnames, filenames in os.walk(top, onerror=self._walk_error):
            here = Path(directory)
            # A folder whose listing names no Prisma marker is no project: no lookups in it.
            if not (PROJECT_MARKERS.isdisjoint(filenames) and PROJECT_MARKERS.isdisjoint(dirnames)):
                self._use_project(here, top)
            dirnames[:] = sorted(
                name
                for name in dirnames
                if not name.startswith(".")
                and name not in _SKIPPED_DIRS
                and not self.is_excluded(here / name)
            )
            visible = tuple(name for name in filenames if not name.startswith("."))
            listing = layouts.Listing(here, tuple(dirnames), visible)
            planned = self._plan(listing)
            dirnames[:] = [name for name in dirnames if name not in planned.consumed]
            for path, reason in planned.skipped:
                if not self.is_excluded(path):
                    self.skipped[path] = reason
            for plan in planned.plans:
                self._use(plan, plan.files)
            project = self._project_of(here)
            for name in visible:
                if name.endswith(".prisma") and (project is None or here / name in project):
                    self._add_prisma(here / name)

    def _walk_error(self, error: OSError) -> None:
        where = Path(error.filename) if error.filename else self.cwd
        raise DiscoveryError(f"{self.display(where)}: cannot read: {_reason(error)}")

    def add_file(self, path: Path) -> None:
        if self.is_excluded(path):
            return
        if path.suffix == ".prisma":
            self._add_prisma(path)
            return
        owner = layouts.owner_of(path.parent) or path.parent
        planned = self._plan(self._listing(owner))
        for plan in planned.plans:
            if path in plan.files:
                self._use(plan, [path])
                return
        skipped = {p for plan in planned.plans for p, _ in plan.skipped}
        skipped.update(p for p, _ in planned.skipped)
        # A .sql file outside every stream is not a migration (a script), and neither is
        # X.SQL: migration tools apply lower-case *.sql only, so the folder walk skips it and
        # a named one (pre-commit passes it: identify calls it sql) is skipped alike. A file
        # named explicitly that a tool skips (a Supabase seed, a file drizzle's journal does
        # not list) or a file of another kind is linted as SQL on its own.
        if path in skipped or not path.name.lower().endswith(".sql"):
            self._use(layouts.Plan(path.parent, tools.FILE, (path,)), [path])

    def _listing(self, directory: Path) -> layouts.Listing:
        virtual = self.virtual if self.virtual and self.virtual.parent == directory else None
        try:
            listing = layouts.list_directory(directory)
        except OSError as error:
            if virtual is None or not isinstance(error, FileNotFoundError):
                reason = _reason(error)
                raise DiscoveryError(f"{self.display(directory)}: cannot read: {reason}") from None
            # A new file in a new folder, not saved yet: the folder has nothing else.
            listing = layouts.Listing(directory, (), ())
        if virtual is not None and virtual.name not in listing.filenames:
            listing = layouts.Listing(
                directory, listing.dirnames, (*listing.filenames, virtual.name)
            )
        return listing

    def _add_prisma(self, path: Path) -> None:
        if not self.is_excluded(path):
            self.prisma.add(path)

    def _plans_at(self, listing: layouts.Listing) -> tuple[layouts.Plan, ...]:
        return self._plan(listing).plans

    def _locate(self, directory: Path) -> tuple[Path, str] | None:
        if directory not in self.located:
            found = locate_schema(directory, self.read)
            if found is not None and self.is_excluded(found[0]):
                found = None
            self.located[directory] = found
        return self.located[directory]

    def _use_project(self, directory: Path, top: Path) -> None:
        """Load the schema of the Prisma project at ``directory``, if it is one; its files
        below ``top`` are targets."""
        found = self._locate(directory)
        if found is None or directory in self.projects:
            return
        path, reason = found
        files = self.prisma.add_located(path, reason, target=False)
        self.prisma.targets.update(f for f in files if top == f or top in f.parents)
        self.projects[directory] = frozenset(files)

    def _project_above(self, top: Path) -> None:
        """A Prisma project that holds ``top`` (``schemalint check prisma``), looked up as
        Prisma does: from the outermost folder up to the cwd, inwards."""
        above = [d for d in top.parents if d == self.cwd or self.cwd in d.parents]
        for directory in reversed(above):
            if self._locate(directory) is not None:
                self._use_project(directory, top)
                return

    def _project_of(self, directory: Path) -> frozenset[Path] | None:
        for candidate in (directory, *directory.parents):
            files = self.projects.get(candidate)
            if files is not None:
                return files
        return None

    def _schema_of_history(self, migrations: Path) -> None:
        """A Prisma migration history is linted with its schema as context (SL801, and each
        table judged once: on the schema when it models the table)."""
        for project in (migrations.parent.parent, migrations.parent):
            found = self._locate(project)
            if found is not None:
                self.prisma.add_located(found[0], found[1], target=False)
                return

    def _plan(self, listing: layouts.Listing) -> layouts.Planned:
        known = self.planned.get(listing.directory)
        if known is None:
            known = layouts.plan_directory(listing, self.read)
            self.planned[listing.directory] = known
        return known

    def _use(self, plan: layouts.Plan, targets: Sequence[Path]) -> None:
        if self.is_excluded(plan.root):
            return
        # Files named on their own are each a stream of their own.
        alone = str(plan.files[0]) if plan.tool is tools.FILE and plan.files else ""
        key = (plan.root, plan.tool.name, alone)
        if key not in self.plans and plan.tool is tools.PRISMA:
            self._schema_of_history(plan.root)
        self.plans.setdefault(key, plan)
        self.targets.update(path for path in targets if not self.is_excluded(path))

    def result(self) -> Discovery:
        found = self.prisma.schemas()
        # A Prisma schema's provider says the database of the migrations beside it.
        providers = {root / "migrations": self._provider(root, files) for root, files in found}
        streams = tuple(
            self._stream(plan, providers.get(plan.root))
            for _, plan in sorted(
                self.plans.items(), key=lambda item: (str(item[0][0]), *item[0][1:])
            )
        )
        schemas = tuple(
            PrismaSchema(
                Path(self.display(root)),
                tuple(self._source(f) for f in files),
                self.prisma.reasons.get(root, ""),
            )
            for root, files in found
        )
        self.targets.update(self.prisma.targets)
        return Discovery(
            streams,
            schemas,
            frozenset(self.display(path) for path in self.targets),
            frozenset(self.display(path) for path in self.undecodable),
            tuple(
                (self.display(path), reason)
                for path, reason in sorted(self.skipped.items())
                if path not in self.targets
            ),
        )

    def _provider(self, root: Path, files: Sequence[Path]) -> tuple[Dialect, str] | None:
        for path in files:
            dialect = layouts.prisma_provider(self.read(path))
            if dialect is not None:
                return dialect, f"the provider of {self.display(path)}"
        return None

    def _stream(self, plan: layouts.Plan, provider: tuple[Dialect, str] | None) -> Stream:
        if self.dialect is not None:
            dialect, source = self.dialect
        elif plan.dialect is not None:
            dialect, source = plan.dialect, plan.dialect_source
        elif provider is not None:
            dialect, source = provider
        else:
            dialect, source = POSTGRES, "default"
        tool = self.runner if self.runner and plan.tool.ambiguous else plan.tool
        files = tuple(self._source(path, tool, dialect) for path in plan.files)
        skipped = tuple((self.display(path), why) for path, why in plan.skipped)
        opts_out = tool.opts_out
        opted_out = frozenset(
            self.display(path) for path in plan.files if opts_out and opts_out(path, self.read)
        )
        return Stream(
            Path(self.display(plan.root)),
            tool,
            files,
            dialect,
            source,
            skipped,
            self._project(plan.root),
            opted_out,
        )

    def _project(self, root: Path) -> ProjectFacts:
        """What the ``supabase/config.toml`` of the project around ``root`` says."""
        from schemalint.tools.project import ProjectFacts, read_supabase_config

        for folder in (root, *root.parents[:2]):
            config = folder / "config.toml"
            if folder.name == "supabase" and config.is_file():
                try:
                    text = self.read(config)
                except DiscoveryError as error:
                    return ProjectFacts(True, source=self.display(config), problem=str(error))
                return read_supabase_config(text, self.display(config))
            if folder.name == "supabase":
                return ProjectFacts(True)
        return ProjectFacts()

    def _source(
        self, path: Path, tool: MigrationTool | None = None, dialect: Dialect = POSTGRES
    ) -> SourceFile:
        text = self.read(path)
        if tool is None:
            return SourceFile(self.display(path), text)
        return migration_source(self.display(path), text, tool, dialect)


def migration_source(display: str, text: str, tool: MigrationTool, dialect: Dialect) -> SourceFile:
    """A migration file of ``tool`` as the frontends read it: its down sections, psql
    meta-commands and placeholders masked (same length, so offsets agree)."""
    masked = tool.mask(text) if tool.mask else text
    if dialect.postgres_frontend:
        masked = psql_script.mask(masked)
    masked = placeholders.substitute(masked, backslash_strings=dialect.backslash_strings)
    return SourceFile(display, text, masked)
