"""The baseline file: known findings, by fingerprint, that a run does not report again.

It lets a repository with existing findings adopt schemalint in one command; entries that no
longer match any finding are *stale*, so the file shrinks as the debt is paid.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemalint.documents import DocumentError, escape_surrogates
from schemalint.files import write_output
from schemalint.findings import Finding

BASELINE_VERSION = 1
_FIELDS = ("fingerprint", "code", "path", "message")


class BaselineError(Exception):
    """A baseline that cannot be read or written, worded as one line with its path."""


@dataclass(frozen=True, slots=True, order=True)
class BaselineEntry:
    path: str
    code: str
    fingerprint: str
    message: str


def _entry(finding: Finding) -> BaselineEntry:
    return BaselineEntry(finding.path, finding.code, finding.fingerprint, finding.message)


def _entries(findings: Iterable[Finding]) -> list[BaselineEntry]:
    # Suppressed findings are already silenced in the source: they need no baseline entry.
    return sorted({_entry(f) for f in findings if f.suppression is None})


def dumps(findings: Iterable[Finding]) -> str:
    """The baseline text for ``findings``: sorted, so that rewriting it gives small diffs."""
    entries = _entries(findings)
    document = {
        "version": BASELINE_VERSION,
        "findings": [{name: getattr(e, name) for name in _FIELDS} for e in entries],
    }
    return escape_surrogates(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    """Write the baseline atomically (a reader never sees half a file); return the entry count."""
    findings = tuple(findings)
    text = dumps(findings)
    try:
        write_output(path, text)
    except OSError as error:
        raise BaselineError(f"{path}: cannot write baseline: {error.strerror or error}") from None
    return len(_entries(findings))


def _invalid(path: Path, what: str) -> BaselineError:
    return BaselineError(f"{path}: not a valid schemalint baseline: {what}")


def read_baseline(path: Path) -> tuple[BaselineEntry, ...]:
    from schemalint import documents

    try:
        raw = documents.read_text(path, documents.MAX_BASELINE_BYTES)
    except documents.UnreadableDocument as error:
        raise BaselineError(f"{path}: cannot read baseline: {error.reason}") from None
    except documents.DocumentError:
        raise BaselineError(f"{path}: cannot read baseline: not UTF-8 text") from None
    try:
        document: Any = documents.parse_json(raw)
    except documents.DocumentError as error:
        raise _invalid(path, _json_problem(error)) from None
    if not isinstance(document, dict):
        raise _invalid(path, "expected a JSON object")
    version = document.get("version")
    if version != BASELINE_VERSION:
        raise _invalid(path, f"unsupported version {version!r} (expected {BASELINE_VERSION})")
    items = document.get("findings")
    if not isinstance(items, list):
        raise _invalid(path, "`findings` must be a list")
    entries = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise _invalid(path, f"findings[{index}] must be an object")
        for name in _FIELDS:
            if not isinstance(item.get(name), str):
                raise _invalid(path, f"findings[{index}].{name} must be a string")
        entries.append(
            BaselineEntry(item["path"], item["code"], item["fingerprint"], item["message"])
        )
    return tuple(entries)


def _json_problem(error: DocumentError) -> str:
    if error.line is None:
        return error.reason
    return f"{error.reason} at line {error.line} column {error.column}"


def apply_baseline(
    path: Path, findings: Iterable[Finding], *, paths: Collection[str] | None = None
) -> tuple[tuple[Finding, ...], tuple[BaselineEntry, ...]]:
    """Drop findings recorded in the baseline; return the rest and the stale entries.

    ``paths`` are the files this run reported on: an entry for a file that was not linted
    (``--diff``, pre-commit) is not stale, merely unchecked. ``None``: every file was linted.
    """
    entries = read_baseline(path)
    known = {entry.fingerprint for entry in entries}
    matched: set[str] = set()
    kept = []
    for finding in findings:
        if finding.suppression is None and finding.fingerprint in known:
            matched.add(finding.fingerprint)
        else:
            kept.append(finding)
    stale = tuple(
        entry
        for entry in entries
        if entry.fingerprint not in matched and (paths is None or entry.path in paths)
    )
    return tuple(kept), stale
