"""``--format json``: every finding (suppressed ones marked), 1-based positions, counts."""

from __future__ import annotations

import json
from typing import Any

from schemalint import __version__
from schemalint.findings import Finding
from schemalint.reporters._common import Result, counts, span_positions


def _finding(finding: Finding, result: Result) -> dict[str, Any]:
    start, end = span_positions(finding.span, result.sources)
    return {
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


def render_json(result: Result) -> str:
    document = {
        "version": __version__,
        "findings": [_finding(f, result) for f in result.findings],
        "summary": counts(result.findings),
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
