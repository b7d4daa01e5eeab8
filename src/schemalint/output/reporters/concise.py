"""``--format concise``: one line per finding (``path:line:col: CODE [severity] message``), as
editors and ``grep`` read them, then the summary line."""

from __future__ import annotations

from schemalint.output.files import Write
from schemalint.output.reporters._common import Result, summary_line, visible
from schemalint.output.reporters.text import finding_line, paint_summary


def write_concise(
    result: Result, write: Write, *, color: bool = False, summary: bool = True
) -> None:
    for finding in visible(result.findings):
        write(finding_line(finding, result.sources, color=color) + "\n")
    if summary:
        write(paint_summary(summary_line(result.findings), color) + "\n")
