"""``write_report`` hands the report over piece by piece, the same text as ``render``."""

from __future__ import annotations

import dataclasses

import pytest

from schemalint.engine import LintResult
from schemalint.output.reporters import FORMATS, render, write_report
from tests.reporters.conftest import RULES


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("statistics", [False, True])
def test_the_pieces_make_the_rendered_text(result: LintResult, fmt: str, statistics: bool) -> None:
    pieces: list[str] = []
    write_report(result, fmt, pieces.append, rules=RULES, statistics=statistics)
    assert "".join(pieces) == render(result, fmt, rules=RULES, statistics=statistics)


@pytest.mark.parametrize(
    "fmt",
    # SARIF takes seconds for this many results.
    [pytest.param(f, marks=pytest.mark.slow) if f == "sarif" else f for f in FORMATS],
)
def test_a_large_report_is_never_one_piece(result: LintResult, fmt: str) -> None:
    # 12,000 findings (the fixture's, copied), each a line or an entry of its own.
    many = dataclasses.replace(result, findings=result.findings * 4000)
    pieces: list[str] = []
    write_report(many, fmt, pieces.append, rules=RULES)

    whole = render(many, fmt, rules=RULES)
    assert "".join(pieces) == whole
    assert max(len(piece) for piece in pieces) < len(whole) // 2
