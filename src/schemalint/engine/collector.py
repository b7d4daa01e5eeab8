"""Findings as rules report them, SL001 for a file that is not UTF-8, and findings made
printable (control characters quoted)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from schemalint import ir
from schemalint.engine.active import ActiveRule
from schemalint.findings import Finding, Fix, Help, Related, Severity
from schemalint.frozen import replace
from schemalint.rules.base import Reporter
from schemalint.rules.registry import SYNTAX_ERROR
from schemalint.source import SourceFile, Span


class Collector:
    """Turns ``ctx.report`` calls into findings of the rule that is running."""

    def __init__(self, targets: frozenset[str]) -> None:
        self.targets = targets
        self.findings: list[Finding] = []
        # PostgreSQL files parsed as context only (their constraints' spans end loosely).
        self.context_files: dict[str, SourceFile] = {}
        # Findings in the bodies of functions that a later definition replaced.
        self.superseded: list[Finding] = []

    def reporter(self, active: ActiveRule) -> Reporter:
        def report(
            span: Span,
            message: str | Help,
            help: str | Help,
            fix: Fix | None,
            own: Severity | None = None,
            related: tuple[Related, ...] = (),
            previous: Span | None = None,
        ) -> None:
            if span.path not in self.targets:
                return
            last = self.findings[-1] if self.findings else None
            if (
                last
                and (last.code, last.span) == (active.rule.code, span)
                and last.message == str(message)
            ):
                # One ALTER TABLE with several sub-commands is several IR statements: a
                # problem they share (its table does not exist) is one finding.
                return
            self.findings.append(
                Finding(
                    code=active.rule.code,
                    name=active.rule.name,
                    severity=active.severity if active.configured or own is None else own,
                    wording=message,
                    span=span,
                    advice=help,
                    fix=fix,
                    related=related,
                    previous_span=previous,
                )
            )

        return report


def syntax_error(statement: ir.Unparsable, active: Sequence[ActiveRule]) -> Finding | None:
    for rule in active:
        if rule.rule.code == SYNTAX_ERROR.code:
            return Finding(
                code=SYNTAX_ERROR.code,
                name=SYNTAX_ERROR.name,
                severity=rule.severity,
                wording=statement.message,
                span=statement.span,
                advice="Fix the statement so that the database can run it; "
                "the rest of the file is still linted.",
            )
    return None


def report_undecodable(
    source: SourceFile, active: Sequence[ActiveRule], collector: Collector
) -> None:
    """SL001 at the first byte that is not UTF-8 (read as U+FFFD): the database rejects it.

    Not when a syntax error already covers that byte: one problem, one finding.
    """
    first = max(source.text.find("\ufffd"), 0)
    for found in collector.findings:
        span = found.span
        if (
            found.code == SYNTAX_ERROR.code
            and span.path == source.path
            and span.start <= first < max(span.end, span.start + 1)
        ):
            return
    message = "the file is not valid UTF-8 (the first invalid byte is here)"
    finding = syntax_error(ir.Unparsable(source.span(first, first + 1), message), active)
    if finding:
        collector.findings.append(finding)


# Control characters quoted from the input (a syntax error near one, an identifier holding
# one) would garble a terminal or an annotation. A message is one line; a help may have more.
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)}
_CONTROL_IN_HELP = {c: escaped for c, escaped in _CONTROL.items() if c != 0x0A}
_CONTROL_CHAR = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_CHAR_IN_HELP = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def printable(finding: Finding) -> Finding:
    # One C-level search each for the common case, nothing to quote, rather than two
    # translations through a Python dict for every finding.
    # A ``Help``'s template is code: only its names can hold one.
    wording, advice = finding.wording, finding.advice
    said = wording.args if isinstance(wording, Help) else (wording,)
    quoted = advice.args if isinstance(advice, Help) else (advice,)
    if not any(map(_CONTROL_CHAR.search, said)) and not any(
        map(_CONTROL_CHAR_IN_HELP.search, quoted)
    ):
        return finding
    return replace(
        finding,
        wording=wording.translate(_CONTROL),
        advice=advice.translate(_CONTROL_IN_HELP),
    )
