"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` describes every rule that ran (help from the rule pages);
results carry 1-based regions, repo-relative URIs under ``%SRCROOT%``, a fingerprint that
survives line shifts, fixes, and in-source suppressions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from schemalint import __version__
from schemalint.findings import Finding, Fix, Severity, in_report_order
from schemalint.inputs.repo import repository_root
from schemalint.output import jsontext
from schemalint.output.files import Write
from schemalint.output.reporters._common import (
    Result,
    RuleLike,
    RuleMeta,
    rules_by_code,
    span_positions,
)
from schemalint.rules.base import FAMILIES
from schemalint.rules.docs import (
    DEFAULT_ROOTS,
    doc_url,
    first_paragraph,
    load_rule_doc,
    markdown_to_text,
)
from schemalint.source import SourceFile, Span

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/schemalint/schemalint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "schemalint/v1"
# GitHub code scanning rejects a run with more than 25,000 results (and keeps the 5,000
# most severe); it shows at most 10 tags per rule.
MAX_RESULTS = 25_000
MAX_TAGS = 10
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri_location(path: str, srcroot: Path, cwd: Path) -> dict[str, str]:
    """A URI relative to ``srcroot`` (with ``uriBaseId``) when the file is under it, as its
    path says or else once symbolic links are resolved (only then: it costs system calls)."""
    candidate = Path(path)
    absolute = candidate if candidate.is_absolute() else cwd / candidate
    relative = _relative(absolute, srcroot)
    if relative is None:
        resolved = absolute.resolve()
        relative = _relative(resolved, srcroot)
        if relative is None:
            return {"uri": resolved.as_uri()}
    # A name that is not UTF-8 holds its bytes as surrogates: percent-encode those bytes.
    return {"uri": quote(str(relative), errors="surrogateescape"), "uriBaseId": SRCROOT}


def _relative(path: Path, srcroot: Path) -> PurePosixPath | None:
    try:
        return PurePosixPath(path.relative_to(srcroot).as_posix())
    except ValueError:
        return None


class _Uris(dict[str, dict[str, str]]):
    """Each path's artifact location, worked out once per document: resolving the path
    again for every location of every result was most of the time of a large log."""

    def __init__(self, srcroot: Path) -> None:
        super().__init__()
        self.srcroot = srcroot
        self.cwd = Path.cwd()

    def __missing__(self, path: str) -> dict[str, str]:
        location = self[path] = _uri_location(path, self.srcroot, self.cwd)
        return location


def _region(span: Span, sources: Mapping[str, SourceFile]) -> dict[str, int]:
    start, end = span_positions(span, sources)
    return {
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    }


def _location(span: Span, result: Result, uris: _Uris) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": uris[span.path],
            "region": _region(span, result.sources),
        }
    }


def _descriptor(meta: RuleMeta, doc_roots: Sequence[Path]) -> dict[str, Any]:
    doc = load_rule_doc(meta.code, meta.name, doc_roots)
    url = doc_url(meta.code, meta.name)
    if doc is None:
        full = f"{meta.summary}."
        help_markdown = f"{meta.summary}.\n\nSee [{meta.code} {meta.name}]({url})."
    else:
        full = first_paragraph(doc.section("What it does")) or f"{meta.summary}."
        help_markdown = doc.markdown.strip() + "\n"
    tags = [meta.category, f"{meta.kind}-rule"]
    if meta.fixable:
        tags.append("fixable")
    if meta.security_severity is not None:
        tags.append("security")
    tags.extend(meta.tags)
    properties: dict[str, Any] = {
        "tags": list(dict.fromkeys(tags))[:MAX_TAGS],
        "precision": meta.precision,
    }
    if meta.security_severity is not None:
        # GitHub code scanning shows a rule tagged "security" with a security-severity
        # (a string holding a number, 0.1-10) as a security alert, ranked by that score.
        properties["security-severity"] = f"{meta.security_severity:.1f}"
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": full},
        "help": {"text": markdown_to_text(help_markdown), "markdown": help_markdown},
        "helpUri": url,
        "defaultConfiguration": {"level": LEVEL[meta.severity]},
        "properties": properties,
    }


def _fix(fix: Fix, result: Result, uris: _Uris) -> dict[str, Any]:
    by_path: dict[str, list[dict[str, Any]]] = {}
    for edit in fix.edits:
        by_path.setdefault(edit.span.path, []).append(
            {
                "deletedRegion": _region(edit.span, result.sources),
                "insertedContent": {"text": edit.replacement},
            }
        )
    return {
        "description": {"text": fix.description},
        "artifactChanges": [
            {"artifactLocation": uris[path], "replacements": replacements}
            for path, replacements in by_path.items()
        ],
    }


def _result(finding: Finding, index: int, result: Result, uris: _Uris) -> dict[str, Any]:
    text = finding.message + (f"\n{finding.help}" if finding.help else "")
    entry: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVEL[finding.severity],
        "message": {"text": text},
        "locations": [_location(finding.span, result, uris)],
    }
    if finding.related:
        entry["relatedLocations"] = [
            {**_location(r.span, result, uris), "id": number, "message": {"text": r.message}}
            for number, r in enumerate(finding.related, 1)
        ]
    if finding.fingerprint:
        entry["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.fix:
        entry["fixes"] = [_fix(finding.fix, result, uris)]
    if finding.suppression:
        suppression: dict[str, Any] = {
            "kind": "inSource",
            "location": _location(finding.suppression.span, result, uris),
        }
        if finding.suppression.reason:
            suppression["justification"] = finding.suppression.reason
        entry["suppressions"] = [suppression]
    return entry


def _rules_that_ran(result: Result, known: Mapping[str, RuleMeta]) -> list[RuleMeta]:
    codes = {code for ran in result.rules_run.values() for code in ran}
    codes.update(result.would_run)
    codes.update(f.code for f in result.findings)
    return [known.get(code) or _stand_in(code, result.findings) for code in sorted(codes)]


def _stand_in(code: str, findings: Iterable[Finding]) -> RuleMeta:
    """A descriptor for a code the caller did not describe (better than an invalid log)."""
    example = next((f for f in findings if f.code == code), None)
    name = example.name if example else code.lower()
    severity = example.severity if example else Severity.WARNING
    category = FAMILIES.get(code[:3], "schemalint")
    return RuleMeta(code, name, severity, f"{code} {name}", category=category)


def sarif_document(
    result: Result,
    *,
    rules: Iterable[RuleLike],
    srcroot: Path | None = None,
    doc_roots: Sequence[Path] = DEFAULT_ROOTS,
) -> dict[str, Any]:
    # GitHub resolves URIs from the repository root, wherever schemalint ran.
    root = (srcroot or repository_root(Path.cwd())).resolve()
    described = _rules_that_ran(result, rules_by_code(rules))
    index = {meta.code: position for position, meta in enumerate(described)}
    # Most severe first, so a cut at the limit drops the least important results.
    findings = sorted(result.findings, key=lambda f: -f.severity.rank)
    kept = findings[:MAX_RESULTS]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if len(findings) > len(kept):
        invocation["toolExecutionNotifications"] = [
            {
                "level": "warning",
                "message": {
                    "text": f"left out {len(findings) - len(kept)} of {len(findings)} results: "
                    f"GitHub code scanning accepts at most {MAX_RESULTS} results per run"
                },
            }
        ]
    kept = in_report_order(kept)
    uris = _Uris(root)
    run = {
        "tool": {
            "driver": {
                "name": "schemalint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(meta, doc_roots) for meta in described],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [invocation],
        "results": jsontext.Streamed(_result(f, index[f.code], result, uris) for f in kept),
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write_sarif(
    result: Result,
    write: Write,
    *,
    rules: Iterable[RuleLike],
    srcroot: Path | None = None,
    doc_roots: Sequence[Path] = DEFAULT_ROOTS,
) -> None:
    document = sarif_document(result, rules=rules, srcroot=srcroot, doc_roots=doc_roots)
    jsontext.dump(document, write, ensure_ascii=False)
    write("\n")
