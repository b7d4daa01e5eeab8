"""Views, materialized views, foreign tables and extensions."""

from __future__ import annotations

from typing import Literal

from schemalint.frozen import frozen
from schemalint.ir.base import Statement, TableRef
from schemalint.ir.security import ColumnRead

ViewKind = Literal["view", "materialized view"]


@frozen
class CreateView(Statement):
    """``CREATE [OR REPLACE] [MATERIALIZED] VIEW``.

    ``view`` names it (its span: the name as written). ``security_invoker`` is the
    ``WITH (security_invoker = ...)`` option (``False`` when absent). ``reads`` are the
    relations its query reads anywhere (joins, sub-selects, CTE bodies), as written;
    names the query defines itself (CTEs) are left out. ``columns``: the names it reads as
    columns, for the replay to bind (``frontends.pg_columns.query_column_reads``).
    """

    view: TableRef
    kind: ViewKind = "view"
    replace: bool = False
    if_not_exists: bool = False
    security_invoker: bool = False
    reads: tuple[tuple[str | None, str], ...] = ()
    columns: tuple[ColumnRead, ...] = ()


@frozen
class SetViewOptions(Statement):
    """``ALTER VIEW ... SET (security_invoker = ...)`` / ``RESET (security_invoker)``:
    ``security_invoker`` is the value set (``RESET`` sets ``False``)."""

    view: TableRef
    security_invoker: bool


@frozen
class RenameView(Statement):
    view: TableRef
    new_name: str | None = None
    new_schema: str | None = None


@frozen
class DropView(Statement):
    """``DROP VIEW``, ``DROP MATERIALIZED VIEW``, ``DROP FOREIGN TABLE``."""

    views: tuple[TableRef, ...]
    if_exists: bool = False


@frozen
class CreateForeignTable(Statement):
    table: TableRef
    if_not_exists: bool = False


@frozen
class AlterExtensionSchema(Statement):
    name: str
    schema: str


@frozen
class DropExtension(Statement):
    names: tuple[str, ...]
