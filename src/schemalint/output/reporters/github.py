"""``--format github``: GitHub Actions workflow commands (annotations) and the job summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from schemalint.findings import Finding, Severity
from schemalint.inputs.repo import repo_relative
from schemalint.output.files import Write
from schemalint.output.reporters._common import (
    Result,
    last_line,
    span_positions,
    summary_line,
    visible,
)
from schemalint.rules.docs import doc_url

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# GitHub accepts at most 1 MiB of job summary per step; stay clearly below it.
SUMMARY_BUDGET = 900 * 1024


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    finding: Finding, result: Result, repo_path: Callable[[str], str] = lambda path: path
) -> str:
    """One workflow command; ``repo_path``: the file's path from the repository root, which
    is what GitHub resolves annotations from (the Action may run in a subfolder)."""
    start, end = span_positions(finding.span, result.sources)
    end_line = last_line(start, end)
    properties = [("file", repo_path(finding.path)), ("line", str(start.line))]
    # Annotations take columns only for a range within one line.
    if end_line == start.line:
        properties.append(("col", str(start.column)))
        properties.append(("endLine", str(end_line)))
        properties.append(("endColumn", str(max(end.column, start.column))))
    else:
        properties.append(("endLine", str(end_line)))
    properties.append(("title", f"{finding.code} {finding.name}"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    message = finding.message + (f"\n{finding.help}" if finding.help else "")
    return f"::{COMMAND[finding.severity]} {rendered}::{escape_data(message)}"


def write_github(result: Result, write: Write) -> None:
    repo_path = repo_relative(Path.cwd())
    for finding in visible(result.findings):
        write(annotation(finding, result, repo_path) + "\n")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def job_summary(result: Result) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: the summary line and a table of findings."""
    shown = visible(result.findings)
    parts = ["## schemalint\n\n", summary_line(result.findings), "\n"]
    if shown:
        parts.append("\n| Severity | Rule | Location | Message |\n|---|---|---|---|\n")
    size = sum(len(part.encode()) for part in parts)
    for index, finding in enumerate(shown):
        start, _ = span_positions(finding.span, result.sources)
        rule = f"[{finding.code} {finding.name}]({doc_url(finding.code, finding.name)})"
        row = (
            f"| {finding.severity.value} | {rule} | "
            f"`{_cell(finding.path)}:{start.line}:{start.column}` | {_cell(finding.message)} |\n"
        )
        size += len(row.encode())
        if size > SUMMARY_BUDGET:
            parts.append(f"\n…and {len(shown) - index} more (see the annotations).\n")
            break
        parts.append(row)
    return "".join(parts)
