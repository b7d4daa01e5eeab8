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
class CreatePolicy(Statement):
    """``using_columns``/``with_check_columns``: the policy table's columns each clause reads.

    ``using_reads``/``with_check_reads``: names read in sub-selects that may be its columns.
    """

    table: TableRef
    name: str
    name_span: Span
    command: PolicyCommand = "all"
    roles: tuple[str, ...] = ("public",)
    using: str | None = None
    with_check: str | None = None
    permissive: bool = True
    using_columns: tuple[str, ...] = ()
    with_check_columns: tuple[str, ...] = ()
    using_reads: tuple[ColumnRead, ...] = ()
    with_check_reads: tuple[ColumnRead, ...] = ()


@frozen
class AlterPolicy(Statement):
    """A clause left ``None`` is unchanged; its ``*_columns`` and ``*_reads`` then mean nothing."""

    table: TableRef
    name: str
    new_name: str | None = None
    roles: tuple[str, ...] | None = None
    using: str | None = None
    with_check: str | None = None
    using_columns: tuple[str, ...] = ()
    with_check_columns: tuple[str, ...] = ()
    using_reads: tuple[ColumnRead, ...] = ()
    with_check_reads: tuple[ColumnRead, ...] = ()


@frozen
class DropPolicy(Statement):
    table: TableRef
    name: str
    if_exists: bool = False
