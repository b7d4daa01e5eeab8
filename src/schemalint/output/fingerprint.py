"""Stable identities for findings, used by the baseline and by SARIF ``partialFingerprints``.

A fingerprint hashes what identifies a problem to a human: the rule, the file (its path from
the repository root, wherever schemalint runs from), the text the finding points at
(whitespace collapsed, so reformatting does not matter), and the message. Line numbers are
deliberately left out, so inserting lines above a finding keeps its identity. Identical keys in
one file (the same statement twice) are told apart by their order.

The previous scheme hashed the path as typed and, for a schema finding, the object's definition
(findings now sit at the statement that made them true, ``Finding.previous_span`` keeps where
they were). ``previous_fingerprint`` computes it, so that baselines written before still match.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from schemalint.findings import Finding
from schemalint.frozen import replace
from schemalint.source import SourceFile, Span

FINGERPRINT_LENGTH = 32


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def _snippet(span: Span, sources: Mapping[str, SourceFile]) -> str:
    source = sources.get(span.path)
    return collapse_whitespace(source.text[span.start : span.end]) if source else ""


class _Hash(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...
    def hexdigest(self) -> str: ...


@functools.cache
def _sha256() -> Callable[[bytes], _Hash]:
    """CPython's own SHA-256 (``_sha2`` from 3.12, ``_sha256`` before), else hashlib's.

    hashlib's loads OpenSSL, ~5 ms and ~4 MB of memory; the built-in one takes ~0.7 us more
    per short key: cheaper up to several thousand findings, ~4 ms more per MB of a large
    DDL file (the digests are the same).
    """
    try:
        import _sha2 as builtin  # type: ignore[import-not-found]
    except ImportError:
        try:
            import _sha256 as builtin  # type: ignore[import-not-found]
        except ImportError:
            import hashlib

            return hashlib.sha256
    constructor: Callable[[bytes], _Hash] = builtin.sha256
    return constructor


def fingerprint_of(key: tuple[str, ...], occurrence: int) -> str:
    payload = "\x00".join((*key, str(occurrence))).encode("utf-8", "surrogatepass")
    return _sha256()(payload).hexdigest()[:FINGERPRINT_LENGTH]


def _occurrences(spans: Sequence[Span], keys: Sequence[tuple[str, ...]]) -> list[int]:
    """Per item, how many earlier items of the same file (in source order) share its key."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i].path, spans[i].start, i))
    seen: dict[tuple[str, ...], int] = {}
    occurrences = [0] * len(spans)
    for index in order:
        key = (spans[index].path, *keys[index])
        occurrences[index] = seen.get(key, 0)
        seen[key] = occurrences[index] + 1
    return occurrences


def assign_fingerprints(
    findings: Iterable[Finding],
    sources: Mapping[str, SourceFile],
    repo_path: Callable[[str], str] = lambda path: path,
) -> tuple[Finding, ...]:
    """Return the findings, in the same order, each with its ``fingerprint`` set.

    ``repo_path`` turns a finding's path into the one hashed: relative to the repository root.
    The occurrence counter follows source order, so it is stable as long as the identical
    findings keep their relative order.
    """
    ordered = list(findings)
    fingerprint_in_place(ordered, sources, repo_path)
    return tuple(ordered)


def fingerprint_in_place(
    findings: list[Finding],
    sources: Mapping[str, SourceFile],
    repo_path: Callable[[str], str] = lambda path: path,
) -> None:
    """``assign_fingerprints`` into ``findings`` itself: each finding is replaced by its
    fingerprinted copy as it is made, so that (the list holding the only reference) the one
    before goes at once rather than every finding being held twice."""
    sha256 = _sha256()
    # Source order; a file's findings are consecutive, so one file's counts go when the next
    # file's start. A key is counted by the sha256 of what the fingerprint hashes before the
    # occurrence (the hash that is then finished once per finding, with its occurrence):
    # 32 bytes where the key's text would be held for every finding.
    order = sorted(
        range(len(findings)), key=lambda i: (findings[i].span.path, findings[i].span.start, i)
    )
    seen: dict[bytes, int] = {}
    path = hashed = ""
    for index in order:
        finding = findings[index]
        span = finding.span
        if span.path != path or not seen:
            path, hashed, seen = span.path, repo_path(span.path), {}
        key = "\x00".join((finding.code, hashed, _snippet(span, sources), finding.message))
        partial = sha256(key.encode("utf-8", "surrogatepass"))
        digest = partial.digest()
        occurrence = seen.get(digest, 0)
        seen[digest] = occurrence + 1
        partial.update(f"\x00{occurrence}".encode())
        fingerprint = partial.hexdigest()[:FINGERPRINT_LENGTH]
        findings[index] = replace(finding, fingerprint=fingerprint)


@dataclasses.dataclass(frozen=True)
class PreviousScheme:
    """Per finding, what the previous scheme hashed besides the path: ``fingerprint(path)``."""

    key: tuple[str, str, str]
    occurrence: int

    def fingerprint(self, path: str) -> str:
        code, snippet, message = self.key
        return fingerprint_of((code, path, snippet, message), self.occurrence)


def previous_schemes(
    findings: Sequence[Finding], sources: Mapping[str, SourceFile]
) -> list[PreviousScheme]:
    """The previous scheme's key and occurrence of each finding, in the same order."""
    spans = [f.previous_span or f.span for f in findings]
    keys = [
        (f.code, _snippet(span, sources), f.message)
        for f, span in zip(findings, spans, strict=True)
    ]
    occurrences = _occurrences(spans, keys)
    return [PreviousScheme(k, o) for k, o in zip(keys, occurrences, strict=True)]
