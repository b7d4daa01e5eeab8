"""``--format concise``: one line per finding (``path:line:col: CODE [severity] message``), as
editors and ``grep`` read them, then the summary line."""

from __future__ import annotations

from schemalint.output.reporters._common import Result, summary_line, visible
from schemalint.output.reporters.text import finding_line, paint_summary


def render_concise(result: Result, *, color: bool = False, summary: bool = True) -> str:
    lines = [finding_line(f, result.sources, color=color) for f in visible(result.findings)]
    if summary:
        lines.append(paint_summary(summary_line(result.findings), color))
    return "".join(line + "\n" for line in lines)
