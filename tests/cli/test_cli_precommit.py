"""The pre-commit hook, for real: ``pre-commit try-repo`` on this checkout.

``try-repo`` installs the hook from the repository's HEAD commit; when the checkout has
uncommitted changes it commits, in a shadow clone, the tracked files' changes (staged or not)
and the staged new files. Untracked files are left out: ``git add`` a new file before this
test can see it. The first run pip-installs schemalint into pre-commit's own environment
(from the local path; its dependencies from the package index), so it needs that index.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.cli.conftest import INIT, INIT_SQL, MIGRATIONS, git, init_repo, invoke
from tests.oracles import oracle_unavailable
from tests.trees import write_tree

REPO_ROOT = Path(__file__).resolve().parents[2]
BAD = f"{MIGRATIONS}/20240301000000_owner.sql"
GOOD = f"{MIGRATIONS}/20240301000000_owner_nullable.sql"
# Installing the hook's environment is the slow part (about 15 s). On a clean checkout (CI) both
# runs share one environment; with uncommitted changes each run gets a new shadow commit, so a
# new environment. Each run is cut off at 300 s: a guard against a hang, loose enough for a
# machine running other suites at once (60 s was exceeded at a load of 9 on 2 cores).
TIMEOUT = 300


def _require_pre_commit() -> None:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        oracle_unavailable("pre-commit is not installed")
    if not (REPO_ROOT / ".git").exists():
        pytest.skip(f"{REPO_ROOT} is not a git checkout")


def hook_report(stdout: str) -> tuple[str, str]:
    """What ``pre-commit try-repo --verbose`` says of the schemalint hook: its status
    (``Passed``/``Failed``) and everything the hook printed, exactly."""
    head, _, rest = stdout.partition("\nschemalint.")
    assert head, stdout
    status, _, rest = rest.partition("\n")
    # "- hook id", "- duration" and, when it failed, "- exit code" lines, then a blank line.
    header, _, output = rest.partition("\n\n")
    assert all(line.startswith("- ") for line in header.splitlines()), rest
    # pre-commit ends the hook's output with a line break of its own.
    assert output.endswith("\n\n"), output
    return status.lstrip("."), output[:-1]


def _try_repo(project: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        # The hook runs `schemalint check --cache`: keep its cache out of the real home.
        "XDG_CACHE_HOME": str(home / "xdg-cache"),
        "PRE_COMMIT_COLOR": "never",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(REPO_ROOT),
            "schemalint",
            "--verbose",
            "--files",
            *files,
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
    )


def test_pre_commit_hook_fails_on_a_staged_bad_migration_and_passes_a_clean_one(
    tmp_path: Path,
) -> None:
    _require_pre_commit()
    project = tmp_path / "project"
    # The old migration has an unindexed FK (SL201): context only, never reported here.
    write_tree(project, {INIT: INIT_SQL})
    init_repo(project)
    write_tree(
        project,
        {
            BAD: "SET lock_timeout = '5s';\nALTER TABLE public.projects ADD COLUMN owner uuid NOT NULL;\n"
        },
    )
    git(project, "add", BAD)

    failed = _try_repo(project, tmp_path / "pre-commit-home", BAD)

    assert failed.returncode == 1, failed.stdout + failed.stderr
    output = failed.stdout
    assert (
        "schemalint...............................................................Failed" in output
    )
    assert (
        f"{BAD}:2:40: SL301 [error] Column `owner` is added to `projects` as NOT NULL "
        "without a default\n"
    ) in output
    assert "Found 1 finding (1 error) in 1 file.\n" in output
    assert "SL201" not in output

    # The bad migration goes (were it left on disk, it would still be part of the history,
    # and the clean one would add its column a second time: SL004).
    git(project, "rm", "-q", "--cached", BAD)
    (project / BAD).unlink()
    write_tree(
        project,
        {GOOD: "SET lock_timeout = '5s';\nALTER TABLE public.projects ADD COLUMN owner uuid;\n"},
    )
    git(project, "add", GOOD)

    passed = _try_repo(project, tmp_path / "pre-commit-home", GOOD)

    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "schemalint...............................................................Passed" in (
        passed.stdout
    )


PRISMA = "prisma/schema.prisma"
UPPER = f"{MIGRATIONS}/20240301000000_drop.SQL"


def test_hook_selects_files_by_type_and_skips_upper_case_sql_as_the_folder_walk_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _require_pre_commit()
    project = tmp_path / "project"
    write_tree(
        project,
        {
            INIT: INIT_SQL,
            # Not a migration: migration tools apply lower-case *.sql only.
            UPPER: "ALTER TABLE public.projects ADD COLUMN owner uuid NOT NULL;\n",
            PRISMA: "model Audit {\n  id Int @id\n}\n",
            "notes.txt": "not linted\n",
        },
    )
    init_repo(project)

    result = _try_repo(project, tmp_path / "pre-commit-home", UPPER, PRISMA, "notes.txt")

    assert result.returncode == 1, result.stdout + result.stderr
    status, report = hook_report(result.stdout)
    assert status == "Failed"
    # The X.SQL file reaches the hook (its NOT NULL would be SL301) but is not linted: the
    # one finding is the Prisma model's, and the hook prints what `check` prints for it.
    lines = report.splitlines()
    assert lines[0] == (
        f"{PRISMA}:1:7: SL101 [error] Table `Audit` has no tenant column "
        "(`organization_id` or `workspace_id`)"
    )
    assert lines[-1] == "Found 1 finding (1 error) in 1 file."
    monkeypatch.chdir(project)
    assert report == invoke(["check", "--no-color", PRISMA]).stdout
    alone = _try_repo(project, tmp_path / "pre-commit-home", UPPER)
    assert hook_report(alone.stdout) == (
        "Passed",
        f"schemalint: no migration or schema found in {UPPER}\nNo findings.\n",
    )


def test_identify_names_the_hooks_types() -> None:
    identify = pytest.importorskip("identify.identify", reason="pre-commit's identify")
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))

    assert hooks[0]["types_or"] == ["sql", "prisma"]
    assert "files" not in hooks[0]
    assert {"sql", "prisma"} <= identify.ALL_TAGS
    assert "sql" in identify.tags_from_filename("20240301000000_drop.SQL")
    assert "prisma" in identify.tags_from_filename("schema.prisma")
