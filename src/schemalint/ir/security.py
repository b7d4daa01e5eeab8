"""Row level security: the table switches and its policies."""

from __future__ import annotations

from typing import Literal

from schemalint.frozen import frozen
from schemalint.ir.base import Statement, TableRef
from schemalint.source import Span

PolicyCommand = Literal["all", "select", "insert", "update", "delete"]


@frozen
class ColumnRead:
    """An unqualified name read inside sub-selects, whose owner only the catalog can tell.

    PostgreSQL binds it to the innermost relation in scope that has such a column: it is
    the statement's table's ``column`` unless a relation of ``inner`` (the enclosing
    sub-selects' FROM relations as (schema or None, name), innermost first) has one.
    """

    column: str
    inner: tuple[tuple[str | None, str], ...]


@frozen
class EnableRls(Statement):
    table: TableRef


@frozen
class DisableRls(Statement):
    table: TableRef


@frozen
class ForceRls(Statement):
    """``ALTER TABLE ... [NO] FORCE ROW LEVEL SECURITY``."""

    table: TableRef
    force: bool = True


@frozen
class PolicyClause:
    """A policy's ``USING (...)`` or ``WITH CHECK (...)``.

    ``sql``: the expression as written; ``columns``: the policy table's columns it reads;
    ``reads``: names read in sub-selects that may be its columns.
    """

    sql: str
    columns: tuple[str, ...] = ()
    reads: tuple[ColumnRead, ...] = ()


@frozen
class CreatePolicy(Statement):
    table: TableRef
    name: str
    name_span: Span
    command: PolicyCommand = "all"
    roles: tuple[str, ...] = ("public",)
    using: PolicyClause | None = None
    with_check: PolicyClause | None = None
    permissive: bool = True


@frozen
class AlterPolicy(Statement):
    """A clause (or ``roles``) left ``None`` is unchanged."""

    table: TableRef
    name: str
    new_name: str | None = None
    roles: tuple[str, ...] | None = None
    using: PolicyClause | None = None
    with_check: PolicyClause | None = None


@frozen
class DropPolicy(Statement):
    table: TableRef
    name: str
    if_exists: bool = False
