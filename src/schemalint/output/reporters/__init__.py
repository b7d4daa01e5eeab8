"""Reporters render a finished run; they compute nothing.

``render(result, fmt, rules=...)`` picks the format; ``FORMATS`` lists them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from schemalint.inputs.documents import escape_surrogates
from schemalint.output.reporters._common import Result, RuleLike, RuleMeta

FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab")
# The formats people read: colour, --quiet and --statistics apply to them.
HUMAN_FORMATS = ("text", "concise")

__all__ = ["FORMATS", "HUMAN_FORMATS", "Result", "RuleLike", "RuleMeta", "render"]


def render(
    result: Result,
    fmt: str,
    *,
    rules: Iterable[RuleLike] = (),
    color: bool = False,
    summary: bool = True,
    statistics: bool = False,
    srcroot: Path | None = None,
    doc_roots: Sequence[Path] | None = None,
) -> str:
    """The run in format ``fmt``.

    A file name that is not valid UTF-8 reaches the reporters with its bytes as lone
    surrogates (Python's ``surrogateescape``); in the JSON formats they are written as JSON
    escapes (``\\udcff``), so the document stays valid UTF-8 and reads back as the same name.

    Args:
        rules: rule classes (or ``RuleMeta``) describing the codes in the run, for SARIF.
        color: ANSI colours in the text format (the caller decides: TTY, NO_COLOR, ...).
        summary: end the text and concise formats with the summary line (not with --quiet).
        statistics: in the text and concise formats, count findings per rule instead.
        srcroot: the folder SARIF URIs are relative to (default: the repository root, or the
            working folder outside a repository).
        doc_roots: folders holding the rule pages (default: bundled, then source checkout).
    """
    if statistics and fmt in HUMAN_FORMATS:
        from schemalint.output.reporters.statistics import render_statistics

        return render_statistics(result, rules=rules, summary=summary)
    if fmt == "text":
        from schemalint.output.reporters.text import render_text

        return render_text(result, color=color, summary=summary)
    if fmt == "concise":
        from schemalint.output.reporters.concise import render_concise

        return render_concise(result, color=color, summary=summary)
    if fmt == "json":
        from schemalint.output.reporters.json import render_json

        return escape_surrogates(render_json(result))
    if fmt == "sarif":
        from schemalint.output.reporters.sarif import render_sarif
        from schemalint.rules.docs import DEFAULT_ROOTS

        return escape_surrogates(
            render_sarif(result, rules=rules, srcroot=srcroot, doc_roots=doc_roots or DEFAULT_ROOTS)
        )
    if fmt == "github":
        from schemalint.output.reporters.github import render_github

        return render_github(result)
    if fmt == "gitlab":
        from schemalint.output.reporters.gitlab import render_gitlab

        return escape_surrogates(render_gitlab(result))
    raise ValueError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")
