from __future__ import annotations

from schemalint.engine import LintResult
from schemalint.reporters import render

from .golden import assert_golden


def test_gitlab_code_quality_lists_unsuppressed_findings(result: LintResult) -> None:
    assert_golden("scenario.gitlab.json", render(result, "gitlab"))
