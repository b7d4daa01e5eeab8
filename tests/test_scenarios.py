"""Whole migration histories with the exact report schemalint must print for them.

Each folder of tests/scenarios/ holds a project (migrations, maybe a Prisma schema, maybe a
config) and ``expected.txt``: the text report of ``schemalint check .`` run inside it.
To regenerate after a deliberate change of output, run
``SCHEMALINT_REGENERATE=1 python -m pytest tests/test_scenarios.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from schemalint.cli import main

SCENARIOS = Path(__file__).parent / "scenarios"
CASES = sorted(p for p in SCENARIOS.iterdir() if (p / "expected.txt").exists())


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_scenario_report_matches_expected(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    result = CliRunner().invoke(main, ["check", ".", "--no-color"], catch_exceptions=False)
    expected_path = case / "expected.txt"
    if os.environ.get("SCHEMALINT_REGENERATE") == "1":
        expected_path.write_text(result.output, encoding="utf-8")
    expected = expected_path.read_text(encoding="utf-8")
    assert result.output == expected
    # The default --fail-on is error: exit 1 exactly when the report counts an error.
    errors = re.search(r"\((\d+) errors?\b", expected)
    assert result.exit_code == (1 if errors and int(errors.group(1)) > 0 else 0), result.output
