"""``schemalint check --diff REF`` in real temporary git repositories."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.conftest import INIT, MIGRATIONS, git, init_repo, invoke
from tests.trees import write_tree

OLD = f"{MIGRATIONS}/20240101000000_members.sql"
OLD_SQL = """CREATE TABLE public.members (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL,
  team_id uuid REFERENCES public.members (id),
  nickname text,
  deleted_at timestamptz
);
ALTER TABLE public.members ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_read ON public.members FOR SELECT USING (true);
"""
COMMITTED = f"{MIGRATIONS}/20240201000000_nickname.sql"
STAGED = f"{MIGRATIONS}/20240301000000_purge.sql"
UNTRACKED = f"{MIGRATIONS}/20240401000000_bio.sql"
PURGE = (
    f"::error file={STAGED},line=1,col=1,endLine=1,endColumn=27,title=SL401 hard-delete::"
    "`DELETE` hard-deletes rows of `public.members`"
)
WAITS = (
    "endLine=1,endColumn=27,title=SL507 missing-lock-timeout::`ALTER TABLE` waits for ACCESS "
    "EXCLUSIVE on `members` with no `lock_timeout` in effect"
)
BIO_WAITS = f"::warning file={UNTRACKED},line=1,col=13,{WAITS}"
BIO = (
    f"::error file={UNTRACKED},line=1,col=39,endLine=1,endColumn=42,"
    "title=SL301 not-null-without-backfill::Column `bio` is added to `members` as NOT NULL "
    "without a default"
)


def _annotations(stdout: str) -> list[str]:
    """Each GitHub annotation up to its help (after the first ``%0A``): where, rule, message."""
    return [line.split("%0A")[0] for line in stdout.splitlines()]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose ``main`` holds one migration (with an unindexed FK, SL201) and a
    feature branch that adds a committed, a staged and an untracked migration."""
    write_tree(tmp_path, {OLD: OLD_SQL})
    init_repo(tmp_path)
    git(tmp_path, "checkout", "-q", "-b", "feature")
    # Alone, this file says nothing (the column is unknown); the old file makes it nullable.
    write_tree(
        tmp_path, {COMMITTED: "ALTER TABLE public.members ALTER COLUMN nickname SET NOT NULL;\n"}
    )
    git(tmp_path, "add", COMMITTED)
    git(tmp_path, "commit", "-q", "-m", "nickname required")
    write_tree(tmp_path, {STAGED: "DELETE FROM public.members;\n"})
    git(tmp_path, "add", STAGED)
    write_tree(tmp_path, {UNTRACKED: "ALTER TABLE public.members ADD COLUMN bio text NOT NULL;\n"})
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def test_diff_reports_committed_staged_and_untracked_changes_with_full_history(
    repo: Path,
) -> None:
    result = invoke(["check", "--diff", "main", "--format", "github"])

    assert result.exit_code == 1
    assert _annotations(result.stdout) == [
        f"::warning file={COMMITTED},line=1,col=13,{WAITS}",
        f"::error file={COMMITTED},line=1,col=41,endLine=1,endColumn=49,"
        "title=SL301 not-null-without-backfill::Column `members.nickname` is set NOT NULL "
        "without a backfill earlier in this migration",
        f"::warning file={COMMITTED},line=1,col=41,endLine=1,endColumn=49,"
        "title=SL503 blocking-validation::`SET NOT NULL` checks every row of `members` while "
        "it blocks reads and writes",
        PURGE,
        BIO_WAITS,
        BIO,
    ]


def test_the_full_run_also_reports_the_unchanged_file(repo: Path) -> None:
    result = invoke(["check", "--format", "github", "--select", "SL201"])

    assert _annotations(result.stdout) == [
        f"::warning file={OLD},line=4,col=16,endLine=4,endColumn=46,"
        "title=SL201 unindexed-foreign-key::Foreign key `team_id` on `members` "
        "(referencing `members`) has no index"
    ]


def test_diff_against_the_current_commit_still_sees_uncommitted_files(repo: Path) -> None:
    result = invoke(["check", "--diff", "HEAD", "--format", "github"])

    assert _annotations(result.stdout) == [PURGE, BIO_WAITS, BIO]


def test_diff_with_nothing_changed_exits_0(repo: Path) -> None:
    git(repo, "add", UNTRACKED)
    git(repo, "commit", "-q", "-m", "all in")

    result = invoke(["check", "--diff", "feature"])

    assert (result.exit_code, result.stdout, result.stderr) == (0, "No findings.\n", "")


def test_diff_runs_from_a_subfolder_of_the_repository(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "supabase")

    result = invoke(["check", "--diff", "main", "--format", "github", "--select", "SL401"])

    # GitHub resolves an annotation's file from the repository root.
    assert _annotations(result.stdout) == [
        "::error file=supabase/migrations/20240301000000_purge.sql,line=1,col=1,endLine=1,"
        "endColumn=27,"
        "title=SL401 hard-delete::`DELETE` hard-deletes rows of `public.members`"
    ]


def test_unknown_ref_is_one_line_and_exit_2(repo: Path) -> None:
    result = invoke(["check", "--diff", "origin/nope"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "schemalint: error: --diff origin/nope: git does not know the revision 'origin/nope'\n",
    )


def test_diff_outside_a_git_repository_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {INIT: "SELECT 1;\n"})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))

    result = invoke(["check", "--diff", "main"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"schemalint: error: --diff main: {tmp_path} is not inside a git repository\n",
    )


def test_diff_asks_the_repository_that_holds_the_paths(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run from a folder that is no git repository: the repository is the one PATHS are in.
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    result = invoke(["check", "--diff", "main", "--select", "SL401", str(repo / MIGRATIONS)])

    assert (result.exit_code, result.stderr) == (1, "")
    assert f"{repo / STAGED}:1:1: SL401 [error]" in result.stdout
    assert "Found 1 finding (1 error) in 1 file." in result.stdout


def test_diff_without_git_installed_says_so(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: "… is not inside a git repository", which sent users looking in the wrong place.
    monkeypatch.setenv("PATH", str(tmp_path_factory.mktemp("no-git")))

    result = invoke(["check", "--diff", "main"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "schemalint: error: --diff needs git, which is not installed\n",
    )


def _shallow_clone(origin: Path, clone: Path, *options: str) -> None:
    git(origin.parent, "clone", "-q", "--depth", "1", *options, f"file://{origin}", str(clone))


def test_diff_in_a_shallow_clone_says_the_merge_base_is_missing(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "checkout", "-q", "main")
    write_tree(repo, {"README.md": "moved on\n"})
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "main moves on")
    git(repo, "checkout", "-q", "feature")
    clone = tmp_path_factory.mktemp("ci") / "checkout"
    # What actions/checkout does by default: the tips only, no shared history.
    _shallow_clone(repo, clone, "--no-single-branch", "--branch", "feature")
    monkeypatch.chdir(clone)

    result = invoke(["check", "--diff", "origin/main"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "schemalint: error: --diff origin/main: the merge base of 'origin/main' and HEAD is "
        "missing (a shallow clone: fetch the full history, e.g. actions/checkout "
        "`fetch-depth: 0`)\n",
    )


def test_diff_on_a_ref_a_shallow_clone_lacks_hints_at_the_full_history(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path_factory.mktemp("ci") / "checkout"
    _shallow_clone(repo, clone, "--branch", "feature")  # single branch: no origin/main
    monkeypatch.chdir(clone)

    result = invoke(["check", "--diff", "origin/main"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "schemalint: error: --diff origin/main: git does not know the revision 'origin/main' "
        "(a shallow clone: fetch the full history, e.g. actions/checkout `fetch-depth: 0`)\n",
    )


def test_diff_with_file_names_that_are_not_utf8_anywhere_in_the_repository(repo: Path) -> None:
    # Before: UnicodeDecodeError reading git's output, an internal error.
    odd = repo / os.fsdecode(f"{MIGRATIONS}/20240501000000_\xff.sql".encode("latin-1"))
    odd.write_text("DELETE FROM public.members;\n", encoding="utf-8")
    committed_elsewhere = repo / os.fsdecode(b"docs/\xfe.md")
    committed_elsewhere.parent.mkdir()
    committed_elsewhere.write_text("notes\n", encoding="utf-8")
    git(repo, "add", "docs")
    git(repo, "commit", "-q", "-m", "notes")

    result = invoke(["check", "--diff", "main", "--select", "SL401", "--format", "json"])

    assert result.exit_code == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["line"], f["column"]) for f in findings] == [
        (STAGED, 1, 1),
        (os.fsdecode(f"{MIGRATIONS}/20240501000000_\xff.sql".encode("latin-1")), 1, 1),
    ]
