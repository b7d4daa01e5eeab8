"""SL002 unused-suppression, through the engine."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint


def test_suppression_that_matched_nothing_is_reported_and_a_used_one_is_not(
    tmp_path: Path,
) -> None:
    sql = (
        "-- schemalint-ignore SL401: cache\n"
        "UPDATE workspaces SET name = 'x';\n"
        "-- schemalint-ignore SL401: disposable\n"
        "DELETE FROM sessions;\n"
    )
    found, findings = lint(tmp_path, [("m/0001.sql", sql)], ["SL002", "SL401"])
    assert found == [
        ("SL002", "m/0001.sql", 1, 22, "suppression of SL401 matched no finding"),
        ("SL401", "m/0001.sql", 4, 1, "`DELETE` hard-deletes rows of `sessions`"),
    ]
    # The used suppression keeps its finding, marked suppressed (SARIF shows it).
    suppressed = findings[1].suppression
    assert suppressed is not None
    assert suppressed.reason == "disposable"
