"""The dialect-neutral intermediate representation of migration statements.

Frontends (PostgreSQL through pglast, MySQL/SQLite through sqlglot) turn SQL text into these
frozen dataclasses; the replay applies them to a Catalog; change rules judge them.

Conventions:
- Identifiers are already normalised the way the database does it (PostgreSQL folds unquoted
  names to lower case and keeps quoted ones as written).
- ``span`` on a statement covers the whole SQL statement (without its terminating ``;``). An
  ``ALTER TABLE`` with several sub-commands becomes several IR statements sharing that span;
  each part a finding may point at carries its own span (``name_span``, ``column.span``...).
- ``schema`` is ``None`` when the SQL did not qualify the name; the replay resolves it with the
  search path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from schemalint.source import Span

ConstraintKind = Literal["primary_key", "unique", "foreign_key", "check", "exclude"]
PolicyCommand = Literal["all", "select", "insert", "update", "delete"]


@dataclass(frozen=True, slots=True)
class TableRef:
    schema: str | None
    name: str
    span: Span

    def display(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


@dataclass(frozen=True, slots=True)
class ForeignKeyRef:
    """The REFERENCES part of a foreign key; ``span`` covers the REFERENCES clause."""

    table: TableRef
    columns: tuple[str, ...]
    on_delete: str | None
    on_update: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class ConstraintDef:
    """A table constraint (table-level, inline on a column, or ``ADD CONSTRAINT``).

    ``columns`` are the constrained columns (for an inline constraint: that column).
    ``using_index`` names an existing index promoted by ``ADD CONSTRAINT ... USING INDEX``.
    """

    kind: ConstraintKind
    name: str | None
    columns: tuple[str, ...]
    span: Span
    references: ForeignKeyRef | None = None
    using_index: str | None = None
    not_valid: bool = False
    expression: str | None = None


@dataclass(frozen=True, slots=True)
class ColumnDef:
    """A column as declared in CREATE TABLE or ADD COLUMN.

    ``has_default`` is true for an explicit DEFAULT and for anything that fills the column
    on its own (serial types, identity, generated columns). Inline constraints other than
    NOT NULL / NULL / DEFAULT are listed in ``constraints`` (kinds primary_key, unique,
    foreign_key, check) with ``columns == (name,)``.
    ``generated_from`` is ``None`` unless the column is ``GENERATED ALWAYS AS (expr)``; then
    it lists the columns of the table that the expression reads (PostgreSQL drops the
    column with any of them, given CASCADE).
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


@dataclass(frozen=True, slots=True)
class Statement:
    span: Span


# --- tables -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreateTable(Statement):
    table: TableRef
    columns: tuple[ColumnDef, ...]
    constraints: tuple[ConstraintDef, ...]
    if_not_exists: bool = False
    # LIKE, INHERITS, PARTITION OF, CREATE TABLE AS: the columns are not all known.
    incomplete: bool = False


@dataclass(frozen=True, slots=True)
class DropTable(Statement):
    tables: tuple[TableRef, ...]
    if_exists: bool = False
    cascade: bool = False


@dataclass(frozen=True, slots=True)
class RenameTable(Statement):
    table: TableRef
    new_name: str


@dataclass(frozen=True, slots=True)
class SetTableSchema(Statement):
    table: TableRef
    new_schema: str


# --- columns ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddColumn(Statement):
    table: TableRef
    column: ColumnDef
    if_not_exists: bool = False


@dataclass(frozen=True, slots=True)
class DropColumn(Statement):
    table: TableRef
    column: str
    column_span: Span
    if_exists: bool = False
    cascade: bool = False


@dataclass(frozen=True, slots=True)
class RenameColumn(Statement):
    table: TableRef
    column: str
    new_name: str
    column_span: Span


@dataclass(frozen=True, slots=True)
class AlterColumnType(Statement):
    table: TableRef
    column: str
    type_name: str
    column_span: Span


@dataclass(frozen=True, slots=True)
class SetNotNull(Statement):
    table: TableRef
    column: str
    column_span: Span


@dataclass(frozen=True, slots=True)
class DropNotNull(Statement):
    table: TableRef
    column: str
    column_span: Span


@dataclass(frozen=True, slots=True)
class SetDefault(Statement):
    table: TableRef
    column: str
    default_sql: str
    column_span: Span


@dataclass(frozen=True, slots=True)
class DropDefault(Statement):
    table: TableRef
    column: str
    column_span: Span


# --- constraints and indexes --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddConstraint(Statement):
    table: TableRef
    constraint: ConstraintDef


@dataclass(frozen=True, slots=True)
class DropConstraint(Statement):
    table: TableRef
    name: str
    name_span: Span
    if_exists: bool = False
    cascade: bool = False


@dataclass(frozen=True, slots=True)
class RenameConstraint(Statement):
    table: TableRef
    name: str
    new_name: str


@dataclass(frozen=True, slots=True)
class CreateIndex(Statement):
    """``columns`` holds ``None`` for an expression key.

    ``expression_columns`` are the table's columns that expression keys read,
    ``predicate_columns`` those the WHERE clause reads, ``include_columns`` the INCLUDE list:
    PostgreSQL drops the index with any of them, as with a key column.
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


@dataclass(frozen=True, slots=True)
class DropIndex(Statement):
    """Each name is (schema or None, index name)."""

    names: tuple[tuple[str | None, str], ...]
    if_exists: bool = False
    concurrently: bool = False
    # MySQL index names are per table (DROP INDEX i ON t, ALTER TABLE t DROP INDEX i).
    table: TableRef | None = None


@dataclass(frozen=True, slots=True)
class RenameIndex(Statement):
    schema: str | None
    name: str
    new_name: str
    # MySQL's ALTER TABLE t RENAME INDEX i TO j: index names are per table there.
    table: TableRef | None = None


# --- row level security -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnRead:
    """An unqualified name read inside sub-selects, whose owner only the catalog can tell.

    PostgreSQL binds it to the innermost relation in scope that has such a column: it is
    the statement's table's ``column`` unless a relation of ``inner`` (the enclosing
    sub-selects' FROM relations as (schema or None, name), innermost first) has one.
    """

    column: str
    inner: tuple[tuple[str | None, str], ...]


@dataclass(frozen=True, slots=True)
class EnableRls(Statement):
    table: TableRef


@dataclass(frozen=True, slots=True)
class DisableRls(Statement):
    table: TableRef


@dataclass(frozen=True, slots=True)
class ForceRls(Statement):
    """``ALTER TABLE ... [NO] FORCE ROW LEVEL SECURITY``."""

    table: TableRef
    force: bool = True


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class DropPolicy(Statement):
    table: TableRef
    name: str
    if_exists: bool = False


# --- data ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Update(Statement):
    table: TableRef
    columns: tuple[str, ...]
    has_where: bool


@dataclass(frozen=True, slots=True)
class Delete(Statement):
    table: TableRef
    has_where: bool
    # The span of "DELETE FROM <table>" up to the table name: what SL401's fix replaces.
    head_span: Span | None = None
    where_sql: str | None = None


@dataclass(frozen=True, slots=True)
class Truncate(Statement):
    tables: tuple[TableRef, ...]


# --- schemas, search path, routines, triggers ---------------------------------------------


@dataclass(frozen=True, slots=True)
class CreateSchema(Statement):
    name: str
    if_not_exists: bool = False


@dataclass(frozen=True, slots=True)
class DropSchema(Statement):
    names: tuple[str, ...]
    if_exists: bool = False
    cascade: bool = False


@dataclass(frozen=True, slots=True)
class SetSearchPath(Statement):
    schemas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RenameType(Statement):
    """``ALTER TYPE ... RENAME TO``: columns of the type follow it under its new name."""

    schema: str | None
    name: str
    new_name: str


@dataclass(frozen=True, slots=True)
class CreateFunction(Statement):
    """A function or procedure; ``body`` holds the statements found in its body.

    Body statements keep spans into the file. They run when the function is called, not
    when the migration runs: the replay does not apply them; change rules still see them.
    ``dynamic`` is true when the body runs SQL built at run time (EXECUTE).
    """

    schema: str | None
    name: str
    language: str
    body: tuple[Statement, ...] = ()
    dynamic: bool = False


@dataclass(frozen=True, slots=True)
class DoBlock(Statement):
    """An anonymous ``DO`` block: its body runs during the migration."""

    language: str
    body: tuple[Statement, ...] = ()
    dynamic: bool = False


@dataclass(frozen=True, slots=True)
class CreateTrigger(Statement):
    table: TableRef
    name: str
    function: str


@dataclass(frozen=True, slots=True)
class DropTrigger(Statement):
    table: TableRef
    name: str
    if_exists: bool = False


@dataclass(frozen=True, slots=True)
class Opaque(Statement):
    """A statement the IR does not model (GRANT, COMMENT, CREATE TYPE, INSERT...).

    ``tables`` lists tables whose shape it may change in ways the catalog cannot follow;
    the replay marks them incomplete. Statements that do not change table shape (GRANT,
    COMMENT, INSERT, SELECT) leave ``tables`` empty.
    """

    kind: str
    tables: tuple[TableRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Unparsable(Statement):
    """A statement that does not parse; ``message`` says what the parser expected."""

    message: str
