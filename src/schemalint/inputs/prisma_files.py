"""Which ``*.prisma`` files make up one Prisma schema.

Prisma reads a multi-file schema from a folder, recursively. The folder is recognised by the file
that declares the ``datasource`` or ``generator``: every ``*.prisma`` file below the folder holding
it belongs to that schema (a deeper folder with its own datasource is a schema of its own). A file
with no such folder above it forms a schema with the ``*.prisma`` files beside it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection
from pathlib import Path

from schemalint.inputs.layouts import list_directory, natural_key

_ANCHOR = re.compile(r"^[ \t]*(?:datasource|generator)[ \t]+\w+[ \t]*\{", re.MULTILINE)
_DATASOURCE = re.compile(r"^[ \t]*datasource[ \t]+\w+[ \t]*\{", re.MULTILINE)
# How far above a file to look for the folder of its multi-file schema.
_MAX_CLIMB = 8


class PrismaLocator:
    """Groups the Prisma files of one ``discover`` call into schemas; reads each file once."""

    def __init__(
        self,
        read: Callable[[Path], str],
        is_excluded: Callable[[Path], bool],
        skipped_dirs: Collection[str],
    ) -> None:
        self._read = read
        self._is_excluded = is_excluded
        self._skipped_dirs = skipped_dirs
        self._anchored: dict[Path, bool] = {}
        self._roots: dict[Path, tuple[Path, bool]] = {}
        self._schemas: dict[Path, tuple[Path, ...]] = {}
        self.targets: set[Path] = set()
        self.reasons: dict[Path, str] = {}

    def add(self, path: Path, *, target: bool = True) -> None:
        """Load the schema ``path`` belongs to, with ``path`` as a target unless ``target``
        is false (the schema of a migration history that is linted: context only)."""
        if target:
            self.targets.add(path)
        if self._stands_alone(path):
            # Two files of one folder that each declare a datasource are two schemas (two
            # examples, a template): Prisma reads one file unless a folder is configured.
            self._schemas[path] = (path,)
            return
        root, recursive = self._roots.get(path.parent) or self._root_of(path.parent)
        self._roots[path.parent] = root, recursive
        files = self._schemas.get(root)
        if files is None:
            files = self._collect(root) if recursive else _prisma_files(root)
        if path not in files:
            files = (*files, path)
        self._schemas[root] = files

    def add_located(self, path: Path, reason: str, *, target: bool) -> tuple[Path, ...]:
        """Load the schema Prisma's lookup found (a file or a multi-file folder); its files."""
        if path.is_dir():
            files = self._schemas.get(path) or self._collect(path)
            self._schemas[path] = files
            self._roots[path] = (path, True)
            self.reasons.setdefault(path, reason)
        else:
            self._schemas.setdefault(path.parent, (path,))
            self._roots[path.parent] = (path.parent, False)
            self.reasons.setdefault(path.parent, reason)
            files = self._schemas[path.parent]
        if target:
            self.targets.update(files)
        return files

    def schemas(self) -> list[tuple[Path, tuple[Path, ...]]]:
        """(folder, files) of each schema; a schema that stands alone is in its file's folder."""
        return [
            (key.parent if key.suffix == ".prisma" else key, files)
            for key, files in sorted(self._schemas.items(), key=lambda item: str(item[0]))
        ]

    def _stands_alone(self, path: Path) -> bool:
        names = _prisma_names(path.parent)
        if len(names) < 2 or path.parent in self._schemas:
            return False
        declaring = [n for n in names if _DATASOURCE.search(self._read(path.parent / n))]
        return len(declaring) > 1 and path.name in declaring

    def _root_of(self, directory: Path) -> tuple[Path, bool]:
        current = directory
        for _ in range(_MAX_CLIMB):
            names = _prisma_names(current)
            if not names:
                break
            if self._has_anchor(current, names):
                return current, True
            if current.parent == current:
                break
            current = current.parent
        return directory, False

    def _has_anchor(self, directory: Path, names: list[str]) -> bool:
        known = self._anchored.get(directory)
        if known is None:
            known = any(_ANCHOR.search(self._read(directory / name)) for name in names)
            self._anchored[directory] = known
        return known

    def _collect(self, root: Path) -> tuple[Path, ...]:
        found: list[Path] = []
        for directory, dirnames, filenames in os.walk(root):
            here = Path(directory)
            names = sorted(n for n in filenames if n.endswith(".prisma") and not n.startswith("."))
            if here != root and names and self._has_anchor(here, names):
                dirnames[:] = []
                continue
            dirnames[:] = [
                name
                for name in dirnames
                if not name.startswith(".")
                and name not in self._skipped_dirs
                and not self._is_excluded(here / name)
            ]
            found.extend(here / name for name in names)
        return tuple(sorted(found, key=lambda p: natural_key(p.relative_to(root).as_posix())))


def _prisma_names(directory: Path) -> list[str]:
    try:
        names = list_directory(directory).filenames
    except OSError:
        return []
    return sorted(n for n in names if n.endswith(".prisma") and not n.startswith("."))


def _prisma_files(directory: Path) -> tuple[Path, ...]:
    return tuple(directory / name for name in sorted(_prisma_names(directory), key=natural_key))


# prisma.config.ts (Prisma 6.x/7): `schema: "prisma/schema.prisma"` as a string literal. A
# computed value (path.join(...), an env lookup) is not evaluated: the default lookup applies.
_CONFIG_NAMES = ("prisma.config.ts", "prisma.config.mts", "prisma.config.js", "prisma.config.mjs")
_CONFIG_SCHEMA = re.compile(r"""(?m)^[ \t]*schema[ \t]*:[ \t]*(["'`])([^"'`\n]+)\1""")


# The names one of which a Prisma project's folder holds (``prisma`` for prisma/schema.prisma).
PROJECT_MARKERS = frozenset((*_CONFIG_NAMES, "package.json", "prisma", "schema.prisma"))


def locate_schema(project: Path, read: Callable[[Path], str]) -> tuple[Path, str] | None:
    """The schema Prisma uses in the project folder ``project``, and why, in Prisma's order.

    ``prisma.config.ts``'s ``schema:`` (a string literal), else ``package.json``'s
    ``prisma.schema``, else ``prisma/schema.prisma``, else (in a folder with a package.json or
    a Prisma config) ``schema.prisma``. The path may name a folder: a multi-file schema.
    ``None`` when the folder is no Prisma project.
    """
    configs = [name for name in _CONFIG_NAMES if (project / name).is_file()]
    for name in configs:
        match = _CONFIG_SCHEMA.search(_read_or_empty(read, project / name))
        if match is not None:
            found = project / match[2]
            if _exists(found):
                return found, f"`schema: {match[2]!r}` in {name}"
    package = project / "package.json"
    has_package = package.is_file()
    if has_package:
        import json

        try:
            manifest = json.loads(_read_or_empty(read, package) or "{}")
        except ValueError:
            manifest = {}
        prisma = manifest.get("prisma") if isinstance(manifest, dict) else None
        configured = prisma.get("schema") if isinstance(prisma, dict) else None
        if isinstance(configured, str) and _exists(project / configured):
            return project / configured, f'`"prisma": {{"schema": "{configured}"}}` in package.json'
    # A bare schema.prisma is Prisma's only where Prisma runs: a package's folder.
    is_package = has_package or bool(configs)
    for default in (
        ("prisma/schema.prisma", "schema.prisma") if is_package else ("prisma/schema.prisma",)
    ):
        if (project / default).is_file():
            return project / default, f"Prisma's default location {default}"
    return None


def _read_or_empty(read: Callable[[Path], str], path: Path) -> str:
    try:
        return read(path)
    except Exception:  # an unreadable config is a config Prisma could not read either
        return ""


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # a NUL byte or an over-long name from a config file
        return False
