"""What every reporter needs: rule metadata, 1-based positions, counts and the summary line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, TypeAlias

from schemalint.findings import Finding, Severity
from schemalint.frozen import frozen
from schemalint.rules.base import ChangeRule, Rule, SchemaRule
from schemalint.source import Position, SourceFile, Span


class Result(Protocol):
    """What reporters read of a run (``engine.LintResult`` is one)."""

    @property
    def findings(self) -> tuple[Finding, ...]: ...

    @property
    def sources(self) -> Mapping[str, SourceFile]: ...

    @property
    def rules_run(self) -> Mapping[str, tuple[str, ...]]: ...

    @property
    def would_run(self) -> tuple[str, ...]: ...


@frozen
class RuleMeta:
    """A rule as reporters describe it (what a rule class says, or a stand-in in tests)."""

    code: str
    name: str
    severity: Severity
    summary: str
    fixable: bool = False
    kind: str = "built-in"
    precision: str = "very-high"
    tags: tuple[str, ...] = ()
    security_severity: float | None = None
    category: str = "schemalint"


RuleLike: TypeAlias = type[Rule[Any]] | RuleMeta


def rule_meta(rule: RuleLike) -> RuleMeta:
    if isinstance(rule, RuleMeta):
        return rule
    kind = "built-in"
    if issubclass(rule, ChangeRule):
        kind = "change"
    elif issubclass(rule, SchemaRule):
        kind = "schema"
    return RuleMeta(
        rule.code,
        rule.name,
        rule.severity,
        rule.summary,
        rule.fixable,
        kind,
        rule.precision,
        rule.tags,
        rule.security_severity,
        rule.category,
    )


def rules_by_code(rules: Iterable[RuleLike]) -> dict[str, RuleMeta]:
    return {meta.code: meta for meta in map(rule_meta, rules)}


def span_positions(span: Span, sources: Mapping[str, SourceFile]) -> tuple[Position, Position]:
    source = sources.get(span.path)
    if source is None:
        return Position(1, 1), Position(1, 1)
    return source.position(span.start), source.position(span.end)


def visible(findings: Iterable[Finding]) -> list[Finding]:
    """The findings reporters show and count: the unsuppressed ones."""
    return [f for f in findings if f.suppression is None]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


def summary_line(findings: Iterable[Finding]) -> str:
    """``Found 3 findings (2 errors, 1 warning) in 2 files; 1 suppressed.`` or ``No findings.``"""
    everything = list(findings)
    shown = visible(everything)
    suppressed = len(everything) - len(shown)
    tail = f"; {suppressed} suppressed." if suppressed else "."
    if not shown:
        return f"No findings ({suppressed} suppressed)." if suppressed else "No findings."
    by_severity = [
        _plural(count, severity.value)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if (count := sum(1 for f in shown if f.severity is severity))
    ]
    files = len({f.path for f in shown})
    return (
        f"Found {_plural(len(shown), 'finding')} ({', '.join(by_severity)}) "
        f"in {_plural(files, 'file')}{tail}"
    )


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    everything = list(findings)
    shown = visible(everything)
    return {
        "total": len(shown),
        "error": sum(1 for f in shown if f.severity is Severity.ERROR),
        "warning": sum(1 for f in shown if f.severity is Severity.WARNING),
        "info": sum(1 for f in shown if f.severity is Severity.INFO),
        "suppressed": len(everything) - len(shown),
        "files": len({f.path for f in shown}),
    }


def last_line(start: Position, end: Position) -> int:
    """The last line holding a character of the span (a span may end just past a newline)."""
    return end.line - 1 if end.line > start.line and end.column == 1 else end.line
