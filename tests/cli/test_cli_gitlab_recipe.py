"""The README's GitLab CI recipe, run as GitLab would run its `script` lines (bash, one shell),
in a merge request pipeline and in a branch pipeline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli.conftest import INIT, INIT_SQL, MIGRATIONS, git, init_repo
from tests.trees import write_tree

REPO_ROOT = Path(__file__).resolve().parents[2]
NEW = f"{MIGRATIONS}/20240301000000_owner.sql"
pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="the recipe's script is sh")


def _recipe() -> dict[str, Any]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### GitLab CI", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    job: dict[str, Any] = yaml.safe_load(block)["schemalint"]
    return job


def _run(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = "set -eo pipefail\n" + "\n".join(_recipe()["script"]) + "\n"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CI_", "GITHUB_"))}
    base["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{base['PATH']}"
    return subprocess.run(
        ["bash", "-c", script],
        cwd=project,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """main holds an unindexed FK (SL201, a warning) and a hard DELETE (SL401, an error); the
    merge request adds NOT NULL without a default (SL301)."""
    write_tree(tmp_path, {INIT: INIT_SQL + "DELETE FROM public.projects;\n"})
    init_repo(tmp_path)
    git(tmp_path, "checkout", "-q", "-b", "feature")
    write_tree(
        tmp_path,
        {
            NEW: "SET lock_timeout = '5s';\nALTER TABLE public.projects ADD COLUMN owner uuid NOT NULL;\n"
        },
    )
    git(tmp_path, "add", NEW)
    git(tmp_path, "commit", "-q", "-m", "owner")
    return tmp_path


def _report(project: Path) -> list[tuple[str, str, int]]:
    path = project / _recipe()["artifacts"]["reports"]["codequality"]
    return [
        (i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"])
        for i in json.loads(path.read_text(encoding="utf-8"))
    ]


EVERYTHING = [("SL201", INIT, 9), ("SL401", INIT, 15), ("SL301", NEW, 2)]


def test_in_a_merge_request_the_report_is_whole_and_the_gate_sees_only_the_changes(
    project: Path,
) -> None:
    base = git(project, "rev-parse", "main").strip()

    done = _run(project, {"CI_MERGE_REQUEST_DIFF_BASE_SHA": base})

    assert done.returncode == 1, done.stderr
    # Code Quality compares whole reports: the old findings stay in it.
    assert _report(project) == EVERYTHING
    assert done.stdout.startswith(f"{NEW}:2:40: SL301 [error]")
    assert done.stdout.endswith("Found 1 finding (1 error) in 1 file.\n")


def test_in_a_branch_pipeline_the_gate_sees_everything(project: Path) -> None:
    done = _run(project, {})

    assert done.returncode == 1
    assert _report(project) == EVERYTHING
    assert done.stdout.endswith("Found 3 findings (2 errors, 1 warning) in 2 files.\n")


def test_the_recipe_fetches_full_history_and_keeps_the_report() -> None:
    job = _recipe()

    assert job["variables"] == {"GIT_DEPTH": 0}
    assert job["artifacts"]["when"] == "always"
    assert "CI_MERGE_REQUEST_DIFF_BASE_SHA" in job["script"][1]
