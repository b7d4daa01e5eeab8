"""SL301 not-null-without-backfill: NOT NULL on a table that has rows, with nothing to fill it."""

from __future__ import annotations

from types import MappingProxyType

from schemalint import ir
from schemalint.catalog.model import Catalog, Table
from schemalint.findings import Edit, Fix, Help, Severity
from schemalint.rules._naming import code, quote_identifier, sql_table_name, table_label
from schemalint.rules._safety import proved_not_null
from schemalint.rules.base import ChangeContext, ChangeRule, RuleOptions
from schemalint.source import Span
from schemalint.tools.dialects import MYSQL, POSTGRES, SQLITE, behaviour_of


def _same_table(catalog: Catalog, ref: ir.TableRef, table: Table) -> bool:
    found = catalog.table(ref.schema, ref.name)
    if found is not None:
        return found.key == table.key
    return ref.name == table.name and ref.schema in (None, table.schema)


def _filled_earlier(ctx: ChangeContext[RuleOptions], table: Table, column: str) -> bool:
    """An UPDATE of the column, or an ADD COLUMN with a DEFAULT (which fills every row).

    Walks back from the statement, following renames (MySQL's ``CHANGE old new ... NOT NULL``
    renames first): a backfill under the column's earlier name counts.
    """
    name, before = column, None
    while True:
        for order, earlier in ctx.file.column_changes(name, before):
            if not _same_table(ctx.catalog, earlier.table, table):
                continue
            if isinstance(earlier, ir.RenameColumn):
                # Named ``name`` from here on: what ran before it filled the old name.
                name, before = earlier.column, order
                break
            if isinstance(earlier, ir.Update) or earlier.column.has_default:
                return True
        else:
            return False


# What each database really does with the statement (tests/dialects proves MySQL's and SQLite's).
_ADD_COLUMN_HELP = MappingProxyType(
    {
        POSTGRES: (
            "On a table that already has rows the database cannot fill the new column, so the "
            "migration fails. Add the column as nullable, backfill it with an `UPDATE`, then "
            "`ALTER COLUMN ... SET NOT NULL`; or give it a DEFAULT."
        ),
        MYSQL: (
            "MySQL and MariaDB do not fail here, even in strict mode: every existing row silently "
            "gets the type's implicit default (0, '', a zero date), which then reads as real data. "
            "Add the column as nullable, backfill it with an `UPDATE`, then "
            "`MODIFY COLUMN ... NOT NULL`; or give it the DEFAULT you mean."
        ),
        SQLITE: (
            'On a table that already has rows SQLite refuses it ("Cannot add a NOT NULL column '
            'with default value NULL"), so the migration fails. Give the column a DEFAULT; or add '
            "it as nullable, backfill it with an `UPDATE`, and make it NOT NULL by rebuilding the "
            "table (SQLite cannot alter a column)."
        ),
    }
)
# ``{0}``: the backfill ``UPDATE`` as inline code.
_BACKFILL = " Backfill it first in the same migration: {0}."
_SET_NOT_NULL_HELP = MappingProxyType(
    {
        POSTGRES: (
            "Existing rows may hold NULL in this column, and then the migration fails. (The "
            "full-table scan that looks for them under an exclusive lock is SL503's concern.)"
            + _BACKFILL
        ),
        MYSQL: (
            "Existing rows may hold NULL in this column: in strict mode (the default) the "
            "migration then fails; without it MySQL silently replaces NULL with the type's "
            "implicit default (0, '', a zero date)." + _BACKFILL
        ),
        SQLITE: (
            "Existing rows may hold NULL in this column, and then the migration fails." + _BACKFILL
        ),
    }
)


class NotNullWithoutBackfill(ChangeRule[RuleOptions]):
    code = "SL301"
    name = "not-null-without-backfill"
    severity = Severity.ERROR
    unsafe_fixable = True
    summary = (
        "Flags `ADD COLUMN ... NOT NULL` without a default, and `SET NOT NULL` without an "
        "earlier backfill, on a table that already has rows"
    )
    statement_types = (ir.AddColumn, ir.SetNotNull)

    def check(self, statement: ir.Statement, ctx: ChangeContext[RuleOptions]) -> None:
        if isinstance(statement, ir.AddColumn):
            self._check_add_column(statement, ctx)
        elif isinstance(statement, ir.SetNotNull):
            self._check_set_not_null(statement, ctx)

    def _check_add_column(self, statement: ir.AddColumn, ctx: ChangeContext[RuleOptions]) -> None:
        column = statement.column
        if not column.not_null or column.has_default:
            return
        table = ctx.catalog.table(statement.table.schema, statement.table.name)
        if table is not None and (
            ctx.created_in_file(table) or table.column(column.name) is not None
        ):
            return
        label = table_label(table) if table else statement.table.display()
        message = f"Column `{column.name}` is added to `{label}` as NOT NULL without a default"
        behaviour = behaviour_of(ctx.settings.dialect)
        if behaviour.implicit_defaults:
            message += "; existing rows silently get the type's implicit default"
        ctx.report(column.name_span, message, help=_ADD_COLUMN_HELP[behaviour])

    def _check_set_not_null(
        self, statement: ir.SetNotNull, ctx: ChangeContext[RuleOptions]
    ) -> None:
        table = ctx.catalog.table(statement.table.schema, statement.table.name)
        if table is None or ctx.created_in_file(table):
            return
        column = table.column(statement.column)
        if column is None or column.not_null or _filled_earlier(ctx, table, statement.column):
            return
        # PostgreSQL 18's NOT NULL ... NOT VALID leaves existing rows alone; a validated
        # CHECK (col IS NOT NULL) proves there is no NULL to fail on.
        if statement.not_valid or (
            behaviour_of(ctx.settings.dialect).checks_enforced
            and proved_not_null(table, statement.column)
        ):
            return
        label = table_label(table)
        dialect = ctx.settings.dialect
        name = quote_identifier(statement.column, dialect)
        backfill = code(
            f"UPDATE {sql_table_name(table, dialect)} SET {name} = ... WHERE {name} IS NULL;"
        )
        ctx.report(
            statement.column_span,
            f"Column `{label}.{statement.column}` is set NOT NULL without a backfill "
            "earlier in this migration",
            help=Help(_SET_NOT_NULL_HELP[behaviour_of(dialect)], (backfill,)),
            fix=_default_backfill(statement, sql_table_name(table, dialect), name)
            if column.has_default
            else None,
        )


def _default_backfill(statement: ir.SetNotNull, table: str, column: str) -> Fix:
    """The one backfill value the history knows: the column's own DEFAULT, written into the
    rows that hold NULL, just before the statement. (Without a DEFAULT the value is the
    user's to choose: no fix.) ``schemalint fix --unsafe-fixes`` makes it in migrations that
    are not committed."""
    update = f"UPDATE {table} SET {column} = DEFAULT WHERE {column} IS NULL;"
    start = statement.span.start
    return Fix(
        f"Backfill the column with its DEFAULT first: `{update}`",
        (Edit(Span(statement.span.path, start, start), update + "\n"),),
    )
