"""Files that git ignores are not part of the project: they are left out of a run.

git decides, with its own rules (``.gitignore`` files at every level, ``.git/info/exclude``,
the global excludes file; a tracked file is never ignored): ``git check-ignore`` is asked
about every discovered file at once. Outside a repository, or without git, nothing is
ignored. Files named explicitly on the command line are always linted.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from pathlib import Path

from schemalint.frozen import replace
from schemalint.inputs.discovery import Discovery, PrismaSchema, Stream

_GIT_TIMEOUT = 30


def without_ignored(discovery: Discovery, cwd: Path, explicit: Collection[Path]) -> Discovery:
    """``discovery`` without the files git ignores, except those in ``explicit``.

    Paths in ``discovery`` are display paths (relative to ``cwd``); ``explicit`` holds the
    paths the user named, as typed.
    """
    paths = [f.path for s in discovery.streams for f in s.files]
    paths.extend(f.path for s in discovery.prisma_schemas for f in s.files)
    if not paths:
        return discovery
    named = {os.path.normpath(cwd / p) for p in explicit}
    ignored = {p for p in ignored_paths(paths, cwd) if os.path.normpath(cwd / p) not in named}
    if not ignored:
        return discovery
    streams = tuple(_stream(s, ignored) for s in discovery.streams)
    schemas = tuple(_schema(s, ignored) for s in discovery.prisma_schemas)
    return replace(
        discovery,
        streams=tuple(s for s in streams if s.files),
        prisma_schemas=tuple(s for s in schemas if s.files),
        targets=discovery.targets - ignored,
        undecodable=discovery.undecodable - ignored,
    )


def _stream(stream: Stream, ignored: Collection[str]) -> Stream:
    return replace(stream, files=tuple(f for f in stream.files if f.path not in ignored))


def _schema(schema: PrismaSchema, ignored: Collection[str]) -> PrismaSchema:
    return replace(schema, files=tuple(f for f in schema.files if f.path not in ignored))


def ignored_paths(paths: Iterable[str], cwd: Path) -> set[str]:
    """Those of ``paths`` (relative to ``cwd`` or absolute) that git ignores."""
    listed = list(dict.fromkeys(paths))
    if not any((folder / ".git").exists() for folder in (cwd, *cwd.parents)):
        return set()  # not in a repository: spare the subprocess (and its import)
    import subprocess

    try:
        done = subprocess.run(
            ["git", "check-ignore", "--stdin", "-z"],
            cwd=cwd,
            input="".join(p + "\0" for p in listed).encode("utf-8", "surrogateescape"),
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()  # no git, or it hangs: lint everything rather than fail
    # 0: some are ignored; 1: none; 128: not a repository, or a path outside it.
    if done.returncode != 0:
        return set()
    out = done.stdout.decode("utf-8", "surrogateescape")
    return {p for p in out.split("\0") if p}
