"""Constraints and indexes: declared in CREATE TABLE or added, dropped and renamed later."""

from __future__ import annotations

from typing import Literal

from schemalint.frozen import frozen
from schemalint.ir.base import Statement, TableRef
from schemalint.source import Span

ConstraintKind = Literal["primary_key", "unique", "foreign_key", "check", "exclude"]


@frozen
class ForeignKeyRef:
    """The REFERENCES part of a foreign key; ``span`` covers the REFERENCES clause (the whole
    statement in context files, whose parts are never pointed at)."""

    table: TableRef
    columns: tuple[str, ...]
    on_delete: str | None
    on_update: str | None
    span: Span


@frozen
class ConstraintDef:
    """A table constraint (table-level, inline on a column, or ``ADD CONSTRAINT``).

    ``columns`` are the constrained columns (for an inline constraint: that column).
    ``using_index`` names an existing index promoted by ``ADD CONSTRAINT ... USING INDEX``.
    ``reads``: for a CHECK, the column names its expression reads, first mention first (the
    order of PostgreSQL's ``conkey``), as the frontend found them in the parse tree; the
    replay keeps those the table has, and names the CHECK after the column when there is one.
    """

    kind: ConstraintKind
    name: str | None
    columns: tuple[str, ...]
    span: Span
    references: ForeignKeyRef | None = None
    using_index: str | None = None
    not_valid: bool = False
    reads: tuple[str, ...] = ()
    # A CHECK: the columns its expression proves non-null (``col IS NOT NULL`` conjuncts).
    not_null_columns: tuple[str, ...] = ()


@frozen
class AddConstraint(Statement):
    table: TableRef
    constraint: ConstraintDef


@frozen
class DropConstraint(Statement):
    table: TableRef
    name: str
    name_span: Span
    if_exists: bool = False
    cascade: bool = False


@frozen
class RenameConstraint(Statement):
    table: TableRef
    name: str
    new_name: str


@frozen
class CreateIndex(Statement):
    """``columns`` holds ``None`` for an expression key.

    ``expression_columns`` are the table's columns that expression keys read,
    ``predicate_columns`` those the WHERE clause reads, ``include_columns`` the INCLUDE list:
    PostgreSQL drops the index with any of them, as with a key column.
    ``not_null_predicate``: the columns of a WHERE clause that only says they are not null.
    ``only``: ``ON ONLY``: on a partitioned table, the parent's index alone, built on no
    partition (invalid until each partition's index is attached).
    """

    name: str | None
    table: TableRef
    columns: tuple[str | None, ...]
    unique: bool = False
    partial: bool = False
    concurrently: bool = False
    if_not_exists: bool = False
    method: str = "btree"
    expression_columns: tuple[str, ...] = ()
    predicate_columns: tuple[str, ...] = ()
    include_columns: tuple[str, ...] = ()
    # When the WHERE clause is exactly ``col IS NOT NULL [AND ...]``: those columns.
    not_null_predicate: tuple[str, ...] = ()
    # PostgreSQL's name of each key and INCLUDE column, from which it makes up the index's
    # name (``lower`` for ``lower(b)``, ``expr`` for ``a + b``); empty: ``columns`` alone.
    key_names: tuple[str, ...] = ()
    only: bool = False


@frozen
class DropIndex(Statement):
    """Each name is (schema or None, index name)."""

    names: tuple[tuple[str | None, str], ...]
    if_exists: bool = False
    concurrently: bool = False
    # MySQL index names are per table (DROP INDEX i ON t, ALTER TABLE t DROP INDEX i).
    table: TableRef | None = None


@frozen
class RenameIndex(Statement):
    schema: str | None
    name: str
    new_name: str
    # MySQL's ALTER TABLE t RENAME INDEX i TO j: index names are per table there.
    table: TableRef | None = None
