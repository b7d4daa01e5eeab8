from __future__ import annotations

import json
from pathlib import Path

from schemalint.engine import LintResult
from schemalint.output.reporters import render
from tests.golden import assert_golden

GOLDEN = Path(__file__).parent / "expected"


def test_json_matches_the_contract_exactly(result: LintResult) -> None:
    assert_golden(GOLDEN / "scenario.json", render(result, "json"))


def test_json_keeps_suppressed_findings_marked_and_counts_them_apart(result: LintResult) -> None:
    document = json.loads(render(result, "json"))
    assert [(f["code"], f["line"], f["suppressed"]) for f in document["findings"]] == [
        ("SL201", 3, False),
        ("SL401", 6, True),
        ("SL401", 7, False),
        ("SL101", 1, False),
    ]
    assert document["summary"] == {
        "error": 2,
        "files": 2,
        "info": 0,
        "suppressed": 1,
        "total": 3,
        "warning": 1,
    }
