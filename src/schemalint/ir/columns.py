"""Columns: declared in CREATE TABLE or ADD COLUMN, and every ALTER COLUMN change."""

from __future__ import annotations

from schemalint.frozen import frozen
from schemalint.ir.base import Statement, TableRef
from schemalint.ir.constraints import ConstraintDef
from schemalint.source import Span


@frozen
class ColumnDef:
    """A column as declared in CREATE TABLE or ADD COLUMN.

    ``has_default`` is true for an explicit DEFAULT and for anything that fills the column
    on its own (serial types, identity, generated columns). Inline constraints other than
    NOT NULL / NULL / DEFAULT are listed in ``constraints`` (kinds primary_key, unique,
    foreign_key, check) with ``columns == (name,)``.
    ``generated_from`` is ``None`` unless the column is ``GENERATED ALWAYS AS (expr)``; then
    it lists the columns of the table that the expression reads (PostgreSQL drops the
    column with any of them, given CASCADE).
    ``name_span`` covers the name; in context files (never pointed at) it is ``span``, which
    runs from the column's start to the statement's end.
    """

    name: str
    type_name: str
    not_null: bool
    has_default: bool
    span: Span
    name_span: Span
    default_sql: str | None = None
    constraints: tuple[ConstraintDef, ...] = ()
    generated_from: tuple[str, ...] | None = None
    # What fills the column besides a DEFAULT: ``serial``, ``identity``, ``stored`` or
    # ``virtual`` (a generated column), else ``None``.
    filled_by: str | None = None
    # The functions the DEFAULT expression calls, by their unqualified lower-case names.
    default_calls: tuple[str, ...] = ()
    # PostgreSQL 18's table constraint ``CONSTRAINT name NOT NULL col``: its name.
    not_null_name: str | None = None


@frozen
class AddColumn(Statement):
    table: TableRef
    column: ColumnDef
    if_not_exists: bool = False


@frozen
class DropColumn(Statement):
    table: TableRef
    column: str
    column_span: Span
    if_exists: bool = False
    cascade: bool = False


@frozen
class RenameColumn(Statement):
    table: TableRef
    column: str
    new_name: str
    column_span: Span


@frozen
class AlterColumnType(Statement):
    """``ALTER COLUMN ... TYPE``; ``using``: with a ``USING`` expression that computes new
    values (not merely the column or a cast of it)."""

    table: TableRef
    column: str
    type_name: str
    column_span: Span
    using: bool = False


@frozen
class SetNotNull(Statement):
    """``SET NOT NULL``, or PostgreSQL 18's ``ADD CONSTRAINT name NOT NULL column``
    (``constraint`` is its name); ``not_valid``: the latter with ``NOT VALID`` (existing rows
    are not checked)."""

    table: TableRef
    column: str
    column_span: Span
    not_valid: bool = False
    constraint: str | None = None


@frozen
class DropNotNull(Statement):
    table: TableRef
    column: str
    column_span: Span


@frozen
class SetDefault(Statement):
    table: TableRef
    column: str
    default_sql: str
    column_span: Span


@frozen
class DropDefault(Statement):
    table: TableRef
    column: str
    column_span: Span


@frozen
class DropExpression(Statement):
    """``ALTER COLUMN ... DROP EXPRESSION``: a generated column becomes a plain one."""

    table: TableRef
    column: str
    column_span: Span
