"""The baseline file: known findings, by fingerprint, that a run does not report again.

It lets a repository with existing findings adopt schemalint in one command; entries that no
longer match any finding are *stale*, so the file shrinks as the debt is paid. Paths are
relative to the repository root, so a baseline works from any folder of the repository.

Entries written before findings moved to the statement that made them true (and before paths
were taken from the repository root) carry the previous fingerprint scheme: an entry that
matches no current fingerprint also matches a finding whose previous fingerprint, computed
with the entry's own path, is the entry's. ``--write-baseline`` rewrites them all.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemalint.findings import Finding
from schemalint.inputs.documents import DocumentError, escape_surrogates
from schemalint.output import jsontext
from schemalint.output.files import write_output
from schemalint.source import SourceFile

PathMap = Callable[[str], str]


def _same(path: str) -> str:
    return path


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


def _entry(finding: Finding, repo_path: PathMap) -> BaselineEntry:
    return BaselineEntry(
        repo_path(finding.path), finding.code, finding.fingerprint, finding.message
    )


def _entries(findings: Iterable[Finding], repo_path: PathMap = _same) -> list[BaselineEntry]:
    # Suppressed findings are already silenced in the source: they need no baseline entry.
    return sorted({_entry(f, repo_path) for f in findings if f.suppression is None})


def dumps(findings: Iterable[Finding], repo_path: PathMap = _same) -> str:
    """The baseline text for ``findings``: sorted, so that rewriting it gives small diffs.

    ``repo_path``: a finding's path as recorded (relative to the repository root).
    """
    entries = _entries(findings, repo_path)
    document = {
        "version": BASELINE_VERSION,
        "findings": [{name: getattr(e, name) for name in _FIELDS} for e in entries],
    }
    return escape_surrogates(jsontext.dumps(document, ensure_ascii=False)) + "\n"


def write_baseline(path: Path, findings: Iterable[Finding], repo_path: PathMap = _same) -> int:
    """Write the baseline atomically (a reader never sees half a file); return the entry count."""
    findings = tuple(findings)
    text = dumps(findings, repo_path)
    try:
        write_output(path, text)
    except OSError as error:
        raise BaselineError(f"{path}: cannot write baseline: {error.strerror or error}") from None
    return len(_entries(findings, repo_path))


def _invalid(path: Path, what: str) -> BaselineError:
    return BaselineError(f"{path}: not a valid schemalint baseline: {what}")


def read_baseline(path: Path) -> tuple[BaselineEntry, ...]:
    from schemalint.inputs import documents

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
    path: Path,
    findings: Iterable[Finding],
    *,
    paths: Collection[str] | None = None,
    sources: Mapping[str, SourceFile] | None = None,
    repo_path: PathMap = _same,
) -> tuple[tuple[Finding, ...], tuple[BaselineEntry, ...]]:
    """Drop findings recorded in the baseline; return the rest and the stale entries.

    ``paths`` are the files this run reported on (display paths): an entry for a file that was
    not linted (``--diff``, pre-commit) is not stale, merely unchecked. ``None``: every file
    was linted. ``sources`` (the run's files) let entries of the previous fingerprint scheme
    match; ``repo_path`` maps a display path to the repository-root path entries record.
    """
    entries = read_baseline(path)
    findings = tuple(findings)
    known = {entry.fingerprint for entry in entries}
    hidden = [f.suppression is None and f.fingerprint in known for f in findings]
    matched = {f.fingerprint for f, hide in zip(findings, hidden, strict=True) if hide}
    unmatched = [e for e in entries if e.fingerprint not in matched]
    if unmatched and sources is not None:
        for entry, index in _previous_matches(unmatched, findings, hidden, sources, repo_path):
            hidden[index] = True
            matched.add(entry.fingerprint)
    kept = tuple(f for f, hide in zip(findings, hidden, strict=True) if not hide)
    linted = None if paths is None else {repo_path(p) for p in paths}
    stale = tuple(
        entry
        for entry in entries
        if entry.fingerprint not in matched and (linted is None or entry.path in linted)
    )
    return kept, stale


def _previous_matches(
    entries: Sequence[BaselineEntry],
    findings: Sequence[Finding],
    hidden: Sequence[bool],
    sources: Mapping[str, SourceFile],
    repo_path: PathMap,
) -> list[tuple[BaselineEntry, int]]:
    """Entries of the previous fingerprint scheme, each with the finding it still hides.

    The entry's path is the one the previous scheme hashed (relative to wherever it was
    written): it must name the file the finding was in then (``previous_span``, else its
    own), as its repository path or a tail of it.
    """
    from schemalint.output.fingerprint import previous_schemes

    wanted: dict[tuple[str, str], list[BaselineEntry]] = {}
    for entry in entries:
        wanted.setdefault((entry.code, entry.message), []).append(entry)
    candidates = [
        i
        for i, f in enumerate(findings)
        if not hidden[i] and f.suppression is None and (f.code, f.message) in wanted
    ]
    if not candidates:
        return []
    schemes = previous_schemes(findings, sources)
    found = []
    for index in candidates:
        finding = findings[index]
        then = (finding.previous_span or finding.span).path
        full = repo_path(then)
        for entry in wanted[(finding.code, finding.message)]:
            names_file = entry.path in (full, then) or full.endswith("/" + entry.path)
            if names_file and schemes[index].fingerprint(entry.path) == entry.fingerprint:
                found.append((entry, index))
                wanted[(finding.code, finding.message)].remove(entry)
                break
    return found
