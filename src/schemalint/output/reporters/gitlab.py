"""``--format gitlab``: a GitLab Code Quality report (a JSON array of issues)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from schemalint.findings import Finding, Severity
from schemalint.inputs.repo import repo_relative
from schemalint.output import jsontext
from schemalint.output.files import Write
from schemalint.output.reporters._common import Result, last_line, span_positions, visible

# Code Quality knows info, minor, major, critical and blocker; a failing error is "major",
# the level GitLab shows as needing attention without claiming a security incident.
SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _issue(finding: Finding, result: Result, repo_path: Callable[[str], str]) -> dict[str, Any]:
    start, end = span_positions(finding.span, result.sources)
    return {
        "description": f"{finding.code} {finding.name}: {finding.message}",
        "check_name": finding.code,
        "fingerprint": finding.fingerprint,
        "severity": SEVERITY[finding.severity],
        "location": {
            "path": repo_path(finding.path),
            "lines": {"begin": start.line, "end": last_line(start, end)},
        },
    }


def write_gitlab(result: Result, write: Write) -> None:
    # GitLab resolves paths from the repository root, wherever schemalint ran.
    repo_path = repo_relative(Path.cwd())
    issues = jsontext.Streamed(_issue(f, result, repo_path) for f in visible(result.findings))
    jsontext.dump(issues, write, ensure_ascii=False)
    write("\n")
