"""Findings whose message is a ``Help`` read as text, and sort as the text does."""

from __future__ import annotations

from schemalint.findings import Finding, Help, Severity, in_report_order
from schemalint.source import Span


def _finding(code: str, start: int, wording: str | Help, path: str = "m.sql") -> Finding:
    return Finding(code, "name", Severity.ERROR, wording, Span(path, start, start + 1))


def test_a_message_built_when_read_is_its_template_filled_in() -> None:
    args = ("t0", "organization_id")
    finding = _finding("SL106", 0, Help("Column `{1}` of `{0}`", args))

    assert finding.message == "Column `organization_id` of `t0`"


def test_findings_sort_by_path_position_code_then_message_text_stably() -> None:
    b = _finding("SL401", 5, Help("{0}", ("b",)))
    a = _finding("SL401", 5, "a")
    a_again = _finding("SL401", 5, Help("a", ()))
    earlier = _finding("SL601", 2, "z")
    other_code = _finding("SL101", 5, "y")
    other_file = _finding("SL101", 0, "x", path="a.sql")

    ordered = in_report_order([b, a, earlier, a_again, other_code, other_file])

    assert ordered == [other_file, earlier, other_code, a, a_again, b]
    assert ordered[3] is a and ordered[4] is a_again
