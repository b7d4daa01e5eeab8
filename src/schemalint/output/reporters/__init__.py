"""Reporters render a finished run; they compute nothing.

``render(result, fmt, rules=...)`` picks the format; ``FORMATS`` lists them. ``write_report``
hands the same text to a callable piece by piece, as it is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from schemalint.inputs.documents import escape_surrogates
from schemalint.output.files import Write
from schemalint.output.reporters._common import Result, RuleLike, RuleMeta

FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab")
# The formats people read: colour, --quiet and --statistics apply to them.
HUMAN_FORMATS = ("text", "concise")
# The formats that show a finding's fix, and its fingerprint: a run whose reports show
# neither (nor a baseline, for fingerprints) does not plan fixes or hash findings.
SHOW_FIXES = ("text", "sarif")
SHOW_FINGERPRINTS = ("json", "sarif", "gitlab")

__all__ = [
    "FORMATS",
    "HUMAN_FORMATS",
    "SHOW_FINGERPRINTS",
    "SHOW_FIXES",
    "Result",
    "RuleLike",
    "RuleMeta",
    "render",
    "write_report",
]


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
    """The run in format ``fmt`` (``write_report``'s text, whole)."""
    pieces: list[str] = []
    write_report(
        result,
        fmt,
        pieces.append,
        rules=rules,
        color=color,
        summary=summary,
        statistics=statistics,
        srcroot=srcroot,
        doc_roots=doc_roots,
    )
    return "".join(pieces)


def write_report(
    result: Result,
    fmt: str,
    write: Write,
    *,
    rules: Iterable[RuleLike] = (),
    color: bool = False,
    summary: bool = True,
    statistics: bool = False,
    srcroot: Path | None = None,
    doc_roots: Sequence[Path] | None = None,
) -> None:
    """The run in format ``fmt``, handed to ``write`` piece by piece as it is made (a finding
    at a time): a report of a huge file is never held whole.

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

        write(render_statistics(result, rules=rules, summary=summary))
    elif fmt == "text":
        from schemalint.output.reporters.text import write_text

        write_text(result, write, color=color, summary=summary)
    elif fmt == "concise":
        from schemalint.output.reporters.concise import write_concise

        write_concise(result, write, color=color, summary=summary)
    elif fmt == "json":
        from schemalint.output.reporters.json import write_json

        write_json(result, _escaping_surrogates(write))
    elif fmt == "sarif":
        from schemalint.output.reporters.sarif import write_sarif
        from schemalint.rules.docs import DEFAULT_ROOTS

        write_sarif(
            result,
            _escaping_surrogates(write),
            rules=rules,
            srcroot=srcroot,
            doc_roots=doc_roots or DEFAULT_ROOTS,
        )
    elif fmt == "github":
        from schemalint.output.reporters.github import write_github

        write_github(result, write)
    elif fmt == "gitlab":
        from schemalint.output.reporters.gitlab import write_gitlab

        write_gitlab(result, _escaping_surrogates(write))
    else:
        raise ValueError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")


def _escaping_surrogates(write: Write) -> Write:
    """``write`` of JSON text with lone surrogates escaped (a piece never splits a character)."""
    return lambda text: write(escape_surrogates(text))
