"""Whole migration histories with the exact report schemalint must print for them.

Each folder of tests/scenarios/ holds a project (migrations, maybe a Prisma schema, maybe a
config) and ``expected.txt``: the text report of ``schemalint check .`` run inside it.
To regenerate after a deliberate change of output, run
``SCHEMALINT_REGENERATE=1 python -m pytest tests/test_scenarios.py`` and review the diff.
"""

from __future__ import annotations

import os
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
    assert result.exit_code in (0, 1), result.output
    expected_path = case / "expected.txt"
    if os.environ.get("SCHEMALINT_REGENERATE") == "1":
        expected_path.write_text(result.output, encoding="utf-8")
    assert result.output == expected_path.read_text(encoding="utf-8")
