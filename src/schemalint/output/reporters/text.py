"""The default, human format: a compiler-style line, the source with the span underlined."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from schemalint.findings import Finding, Severity
from schemalint.output.files import Write
from schemalint.output.reporters._common import Result, span_positions, summary_line, visible
from schemalint.rules.docs import doc_url
from schemalint.source import Position, SourceFile

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_CYAN = "\x1b[36m"
_SEVERITY_COLOR = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;34m",
}


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


# A source line is quoted whole up to this many columns; a longer one (a minified dump, a
# generated one-line file) is quoted as a window this wide around the span, the elided text
# on either side shown as ``...``: quoting whole lines would print megabytes per finding.
QUOTE_WIDTH = 200
# How much of a long line before the span the window keeps.
_LEAD = 40
ELIDED = "..."


def _underline(line: str, start_column: int, end_column: int) -> str:
    """Spaces up to the span (tabs kept, so the carets line up), then ``^`` to its end."""
    start = min(start_column - 1, len(line))
    before = line[:start]
    prefix = (
        "".join(char if char == "\t" else " " for char in before) if "\t" in before else " " * start
    )
    width = max(1, min(end_column - 1, len(line)) - start)
    return prefix + "^" * width


def _window(
    source: SourceFile, bounds: tuple[int, int], start_column: int, end_column: int
) -> tuple[str, int, int]:
    """The quoted part of the line at ``bounds`` (``line_bounds``) and the span's columns in
    it (1-based, end exclusive).

    Only the window is read from the file, so a finding on a one-line file of megabytes
    costs no more than one on a short line.
    """
    line_start, line_end = bounds
    length = line_end - line_start
    if length <= QUOTE_WIDTH:
        return source.text[line_start:line_end], start_column, end_column
    low = max(0, min(start_column - 1 - _LEAD, length - QUOTE_WIDTH))
    high = low + QUOTE_WIDTH
    head = ELIDED if low > 0 else ""
    tail = ELIDED if high < length else ""
    shift = len(head) - low
    quoted = head + source.text[line_start + low : line_start + high] + tail
    return quoted, start_column + shift, min(end_column, high + 1) + shift


def _excerpt(
    finding: Finding, source: SourceFile, start: Position, end: Position, color: bool
) -> list[str]:
    bounds = source.line_bounds(start.line)
    # A multi-line span is underlined to the end of its first line.
    end_column = end.column if end.line == start.line else bounds[1] - bounds[0] + 1
    line, start_column, end_column = _window(source, bounds, start.column, end_column)
    gutter = " " * len(str(start.line))
    carets = _underline(line, start_column, end_column)
    style = _SEVERITY_COLOR[finding.severity]
    return [
        f"{start.line} | {line}".rstrip(),
        f"{gutter} | {_paint(carets, style, color)}",
    ]


def finding_line(
    finding: Finding, sources: Mapping[str, SourceFile], *, color: bool = False
) -> str:
    """``path:line:col: CODE [severity] message``."""
    start, _ = span_positions(finding.span, sources)
    return _finding_line(finding, start, color)


def _finding_line(finding: Finding, start: Position, color: bool) -> str:
    location = _paint(f"{finding.path}:{start.line}:{start.column}:", _BOLD, color)
    tag = _paint(
        f"{finding.code} [{finding.severity.value}]", _SEVERITY_COLOR[finding.severity], color
    )
    return f"{location} {tag} {finding.message}"


def paint_summary(line: str, color: bool) -> str:
    return _paint(line, _BOLD, color)


def format_finding(
    finding: Finding, sources: Mapping[str, SourceFile], *, color: bool = False
) -> str:
    start, end = span_positions(finding.span, sources)
    lines = [_finding_line(finding, start, color)]
    source = sources.get(finding.path)
    if source is not None:
        lines.extend(_excerpt(finding, source, start, end, color))
    for related in finding.related:
        at, _ = span_positions(related.span, sources)
        where = f"{related.span.path}:{at.line}:{at.column}"
        lines.append(f"{_paint('note:', _CYAN, color)} {related.message}: {where}")
    if finding.help:
        lines.append(f"{_paint('help:', _CYAN, color)} {finding.help}")
    if finding.fix:
        lines.append(f"{_paint('fix:', _CYAN, color)} {finding.fix.description}")
    lines.append(f"{_paint('see:', _CYAN, color)} {doc_url(finding.code, finding.name)}")
    return "\n".join(lines)


def write_text(result: Result, write: Write, *, color: bool = False, summary: bool = True) -> None:
    """Each finding with its source line; the summary line last unless ``summary`` is false.
    An empty line between blocks."""
    blocks: Iterable[str] = (
        format_finding(f, result.sources, color=color) for f in visible(result.findings)
    )
    if summary:
        blocks = itertools.chain(blocks, (paint_summary(summary_line(result.findings), color),))
    separator = ""
    for block in blocks:
        write(separator + block + "\n")
        separator = "\n"
