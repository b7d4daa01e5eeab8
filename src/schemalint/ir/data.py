"""Statements that change rows, not the schema."""

from __future__ import annotations

from schemalint.frozen import frozen
from schemalint.ir.base import Statement, TableRef
from schemalint.source import Span


@frozen
class Update(Statement):
    table: TableRef
    columns: tuple[str, ...]
    has_where: bool


@frozen
class Delete(Statement):
    table: TableRef
    has_where: bool
    # The span of "DELETE FROM <table>" up to the table name: what SL401's fix replaces.
    head_span: Span | None = None
    where_sql: str | None = None


@frozen
class Truncate(Statement):
    tables: tuple[TableRef, ...]
