"""Tables: created, dropped, renamed, moved to another schema."""

from __future__ import annotations

from schemalint.frozen import frozen
from schemalint.ir.base import Statement, TableRef
from schemalint.ir.columns import ColumnDef
from schemalint.ir.constraints import ConstraintDef


@frozen
class CreateTable(Statement):
    table: TableRef
    columns: tuple[ColumnDef, ...]
    constraints: tuple[ConstraintDef, ...]
    if_not_exists: bool = False
    # LIKE, INHERITS, PARTITION OF, CREATE TABLE AS: the columns are not all known.
    incomplete: bool = False


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
