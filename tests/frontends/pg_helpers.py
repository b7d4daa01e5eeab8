"""Helpers for the PostgreSQL frontend tests: parse a string, name spans by their text."""

from __future__ import annotations

from schemalint import ir
from schemalint.frontends.postgres import frontend as postgres
from schemalint.source import SourceFile, Span

PATH = "migrations/0001_init.sql"


def parse(sql: str) -> tuple[ir.Statement, ...]:
    return postgres.parse(SourceFile(PATH, sql))


def span(sql: str, text: str, nth: int = 0, after: str = "") -> Span:
    """The span of the ``nth`` occurrence of ``text`` (after the first ``after``) in ``sql``."""
    start = sql.index(after) if after else 0
    for _ in range(nth + 1):
        start = sql.index(text, start)
        found = start
        start += 1
    return Span(PATH, found, found + len(text))


def between(sql: str, first: str, last: str) -> Span:
    """From the first ``first`` to the end of the next ``last`` after it."""
    start = sql.index(first)
    return Span(PATH, start, sql.index(last, start) + len(last))


def ref(
    sql: str, name: str, written: str, schema: str | None = None, **where: object
) -> ir.TableRef:
    """A TableRef for a name written as ``written`` in ``sql``."""
    return ir.TableRef(schema, name, span(sql, written, **where))  # type: ignore[arg-type]


def text_of(sql: str, where: Span) -> str:
    return sql[where.start : where.end]
