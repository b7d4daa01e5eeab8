"""``--format json``: every finding (suppressed ones marked), 1-based positions, counts."""

from __future__ import annotations

from typing import Any

from schemalint import __version__
from schemalint.findings import Finding, Related
from schemalint.output import jsontext
from schemalint.output.files import Write
from schemalint.output.reporters._common import Result, counts, span_positions


def _related(related: Related, result: Result) -> dict[str, Any]:
    start, end = span_positions(related.span, result.sources)
    return {
        "message": related.message,
        "path": related.span.path,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
    }


def _finding(finding: Finding, result: Result) -> dict[str, Any]:
    start, end = span_positions(finding.span, result.sources)
    entry: dict[str, Any] = {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "help": finding.help,
        "path": finding.path,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "fingerprint": finding.fingerprint,
        "suppressed": finding.suppression is not None,
    }
    if finding.related:
        # Only on findings away from their object's definition: the definition is here.
        entry["related"] = [_related(r, result) for r in finding.related]
    return entry


def write_json(result: Result, write: Write) -> None:
    """The report, each finding's entry made as it is written."""
    document = {
        "version": __version__,
        "findings": jsontext.Streamed(_finding(f, result) for f in result.findings),
        "summary": counts(result.findings),
    }
    jsontext.dump(document, write, sort_keys=True, ensure_ascii=False)
    write("\n")
