"""Stable identities for findings, used by the baseline and by SARIF ``partialFingerprints``.

A fingerprint hashes what identifies a problem to a human: the rule, the file, the text the
finding points at (whitespace collapsed, so reformatting does not matter), and the message.
Line numbers are deliberately left out, so inserting lines above a finding keeps its identity.
Identical keys in one file (the same statement twice) are told apart by their order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from schemalint.findings import Finding
from schemalint.source import SourceFile

FINGERPRINT_LENGTH = 32


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def _key(finding: Finding, sources: Mapping[str, SourceFile]) -> tuple[str, str, str, str]:
    source = sources.get(finding.span.path)
    snippet = source.text[finding.span.start : finding.span.end] if source else ""
    return (finding.code, finding.span.path, collapse_whitespace(snippet), finding.message)


def fingerprint_of(key: tuple[str, ...], occurrence: int) -> str:
    # hashlib loads OpenSSL (~12M instructions): only a run with findings pays for it.
    import hashlib

    payload = "\x00".join((*key, str(occurrence))).encode("utf-8", "surrogatepass")
    return hashlib.sha256(payload).hexdigest()[:FINGERPRINT_LENGTH]


def assign_fingerprints(
    findings: Iterable[Finding], sources: Mapping[str, SourceFile]
) -> tuple[Finding, ...]:
    """Return the findings, in the same order, each with its ``fingerprint`` set.

    The occurrence counter follows source order, so it is stable as long as the identical
    findings keep their relative order.
    """
    ordered = list(findings)
    by_position = sorted(
        range(len(ordered)), key=lambda i: (ordered[i].span.path, ordered[i].span.start, i)
    )
    seen: dict[tuple[str, str, str, str], int] = {}
    fingerprints: dict[int, str] = {}
    for index in by_position:
        key = _key(ordered[index], sources)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        fingerprints[index] = fingerprint_of(key, occurrence)
    return tuple(
        dataclasses.replace(finding, fingerprint=fingerprints[index])
        for index, finding in enumerate(ordered)
    )
