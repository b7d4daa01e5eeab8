"""Exact spans for definitions in context files that a finding names as related locations.

A file that is only replayed as context is parsed cheaply: a constraint's or a column's span
there starts where it does but ends with its statement (nothing is reported on such a file, and
finding where a clause ends costs a scan). When a finding on a target points back at such a
definition ("defined here": SL201's foreign key, when a later DROP INDEX uncovered it; SL106's
tenant column, when a later DROP CONSTRAINT took its foreign key), that
one file is parsed again in full, so that the related location (and the previous fingerprint
scheme, which hashes its text) is exact.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from schemalint import ir
from schemalint.findings import Finding, Related
from schemalint.frozen import replace
from schemalint.source import SourceFile, Span


def _definitions(statement: ir.Statement) -> Iterator[ir.ConstraintDef | ir.ColumnDef]:
    if isinstance(statement, ir.CreateTable):
        for column in statement.columns:
            yield column
            yield from column.constraints
        yield from statement.constraints
    elif isinstance(statement, ir.AddColumn):
        yield statement.column
        yield from statement.column.constraints
    elif isinstance(statement, ir.AddConstraint):
        yield statement.constraint
    elif isinstance(statement, ir.DoBlock):
        for inner in statement.body:
            yield from _definitions(inner)


def _pointed_at(finding: Finding) -> Iterator[Span]:
    for related in finding.related:
        yield related.span
    if finding.previous_span is not None:
        yield finding.previous_span


def exact_definitions(
    findings: Sequence[Finding], context_files: Mapping[str, SourceFile]
) -> tuple[Finding, ...]:
    """``findings`` with related and previous spans into PostgreSQL ``context_files`` made
    exact (a constraint's or a column's span as a full parse gives it)."""
    paths = {s.path for f in findings for s in _pointed_at(f) if s.path in context_files}
    if not paths:
        return tuple(findings)
    from schemalint.frontends.postgres import frontend as postgres

    exact: dict[tuple[str, int], Span] = {}
    for path in sorted(paths):
        for statement in postgres.parse(context_files[path]):
            for definition in _definitions(statement):
                exact.setdefault((path, definition.span.start), definition.span)

    def fixed(span: Span) -> Span:
        return exact.get((span.path, span.start), span)

    def made_exact(f: Finding) -> Finding:
        previous = fixed(f.previous_span) if f.previous_span else None
        if previous == f.previous_span and all(fixed(r.span) == r.span for r in f.related):
            return f  # already exact (not in a context file): not copied
        related = tuple(Related(fixed(r.span), r.message) for r in f.related)
        return replace(f, related=related, previous_span=previous)

    return tuple(made_exact(f) if f.related or f.previous_span else f for f in findings)
