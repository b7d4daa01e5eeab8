"""The repository root: SARIF, GitLab, fingerprints and baselines name files relative to it.

GitHub code scanning and GitLab resolve a report's paths from the repository root, and a
baseline must hide the same findings wherever schemalint runs from; text output keeps the paths
the user typed. The root is the nearest folder upwards holding ``.git`` (a folder, or a file in
a worktree or submodule); outside a repository, the working folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def repository_root(cwd: Path) -> Path:
    folder = Path(os.path.normpath(cwd.absolute()))
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def repo_relative(cwd: Path, root: Path | None = None) -> Callable[[str], str]:
    """A function from a display path (relative to ``cwd``, or absolute) to the same file's
    POSIX path relative to the repository root; a file outside the root keeps its path."""
    base = Path(os.path.normpath(cwd.absolute()))
    top = root or repository_root(base)
    if top == base:
        return lambda path: path
    prefix = str(top) + os.sep

    def relative(path: str) -> str:
        absolute = os.path.normpath(path if Path(path).is_absolute() else f"{base}{os.sep}{path}")
        if not absolute.startswith(prefix):
            return path
        return absolute[len(prefix) :].replace(os.sep, "/")

    return relative
