"""What git knows: the files changed since the merge-base with REF (``--diff REF``), and the
files in the index (``--context git``, pre-commit)."""

from __future__ import annotations

import os
from pathlib import Path


class ChangedFilesError(Exception):
    """Not a git repository, git missing, or an unknown REF: one line for the user."""


def _git(args: list[str], cwd: Path) -> str:
    # Imported here: only --diff runs git, and every run pays for what the CLI imports.
    import subprocess

    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            # File names are bytes: decoded as the file system does, so that a name that is
            # not UTF-8 matches the discovered path, and no name ends the run.
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
    except FileNotFoundError:
        raise ChangedFilesError("--diff needs git, which is not installed") from None
    if completed.returncode != 0:
        message = completed.stderr.strip().splitlines()
        raise ChangedFilesError(message[-1] if message else f"git {' '.join(args)} failed")
    return completed.stdout


def changed_files(ref: str, cwd: Path) -> frozenset[Path]:
    """Absolute paths of files changed since ``merge-base(ref, HEAD)``.

    Counts committed, staged and unstaged changes and untracked files git does not ignore;
    deleted files are left out (there is nothing to lint).
    """
    _git(["--version"], cwd)  # "git is not installed" before anything else is blamed
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    except ChangedFilesError:
        raise ChangedFilesError(f"--diff {ref}: {cwd} is not inside a git repository") from None
    shallow = _git(["rev-parse", "--is-shallow-repository"], top).strip() == "true"
    # A shallow clone (CI checkouts are, by default) lacks the history a merge base needs.
    hint = " (a shallow clone: fetch the full history, e.g. actions/checkout `fetch-depth: 0`)"
    try:
        _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], top)
    except ChangedFilesError:
        unknown = f"--diff {ref}: git does not know the revision {ref!r}"
        raise ChangedFilesError(unknown + (hint if shallow else "")) from None
    try:
        base = _git(["merge-base", "--end-of-options", ref, "HEAD"], top).strip()
    except ChangedFilesError:
        if shallow:
            raise ChangedFilesError(
                f"--diff {ref}: the merge base of {ref!r} and HEAD is missing{hint}"
            ) from None
        raise ChangedFilesError(f"--diff {ref}: {ref!r} and HEAD share no history") from None
    names = _git(["diff", "--name-only", "--diff-filter=d", "-z", base], top).split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0")
    return frozenset((top / name).resolve() for name in names if name)


def index_files(cwd: Path) -> frozenset[str] | None:
    """The files in git's index (committed or staged), as normalised absolute paths (of the
    repository's real location); ``None`` when ``cwd`` is not in a git work tree or git is
    missing."""
    try:
        top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
        names = _git(["ls-files", "--cached", "-z"], Path(top)).split("\0")
    except ChangedFilesError:
        return None
    return frozenset(os.path.normpath(f"{top}/{name}") for name in names if name)


def uncommitted_files(cwd: Path) -> frozenset[Path] | None:
    """Absolute paths of the files that are not committed as they are: untracked (and not
    ignored), or changed against HEAD (staged or not). ``None`` outside a git repository (or
    without git): nothing can be shown to be uncommitted."""
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
        names = _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0")
        try:
            names += _git(["diff", "--name-only", "--diff-filter=d", "-z", "HEAD"], top).split("\0")
        except ChangedFilesError:  # no commit yet: every file is untracked or staged
            names += _git(["ls-files", "-z"], top).split("\0")
    except ChangedFilesError:
        return None
    return frozenset((top / name).resolve() for name in names if name)
