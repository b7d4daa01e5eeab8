from __future__ import annotations

from pathlib import Path

from schemalint.engine import LintResult
from schemalint.output.reporters import render
from tests.golden import assert_golden

GOLDEN = Path(__file__).parent / "expected"


def test_gitlab_code_quality_lists_unsuppressed_findings(result: LintResult) -> None:
    assert_golden(GOLDEN / "scenario.gitlab.json", render(result, "gitlab"))
