"""Tables: created, dropped, renamed, moved to another schema."""

from __future__ import annotations

from schemalint.frozen import frozen
from schemalint.ir.base import Statement, TableRef
from schemalint.ir.columns import ColumnDef
from schemalint.ir.constraints import ConstraintDef


@frozen
class LikeTable:
    """``LIKE source [INCLUDING ...]`` in a CREATE TABLE: the source's columns go where the
    clause stands, after ``position`` of the statement's own columns. Column names, types
    and NOT NULL are always copied; the flags say what else is (``INCLUDING ALL`` is all)."""

    table: TableRef
    position: int
    defaults: bool = False
    generated: bool = False
    identity: bool = False
    constraints: bool = False
    indexes: bool = False


@frozen
class CreateTable(Statement):
    """``inherits``: the ``INHERITS (...)`` parents; ``partition_of``: the parent of ``CREATE
    TABLE ... PARTITION OF``; ``partitioned``: the table says ``PARTITION BY``."""

    table: TableRef
    columns: tuple[ColumnDef, ...]
    constraints: tuple[ConstraintDef, ...]
    if_not_exists: bool = False
    # CREATE TABLE AS, OF type: the columns are not all known.
    incomplete: bool = False
    like: tuple[LikeTable, ...] = ()
    inherits: tuple[TableRef, ...] = ()
    partition_of: TableRef | None = None
    partitioned: bool = False


@frozen
class DropTable(Statement):
    tables: tuple[TableRef, ...]
    if_exists: bool = False
    cascade: bool = False


@frozen
class RenameTable(Statement):
    table: TableRef
    new_name: str


@frozen
class SetTableSchema(Statement):
    table: TableRef
    new_schema: str


@frozen
class AttachPartition(Statement):
    """``ALTER TABLE table ATTACH PARTITION partition ...``."""

    table: TableRef
    partition: TableRef


@frozen
class Inherit(Statement):
    """``ALTER TABLE table INHERIT parent``, or ``NO INHERIT parent`` (``no``)."""

    table: TableRef
    parent: TableRef
    no: bool = False


@frozen
class DetachPartition(Statement):
    """``ALTER TABLE table DETACH PARTITION partition [CONCURRENTLY]``."""

    table: TableRef
    partition: TableRef
