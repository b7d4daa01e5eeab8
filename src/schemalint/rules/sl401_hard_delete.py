"""SL401 hard-delete: DELETE or TRUNCATE of application data."""

from __future__ import annotations

import re

from schemalint import ir
from schemalint.catalog.model import Table
from schemalint.findings import Edit, Fix, Help, Severity
from schemalint.rules._naming import backticked, code, find_column, listed, quote_identifier
from schemalint.rules.base import ChangeContext, ChangeRule, RuleOptions
from schemalint.tools.dialects import behaviour_of


class HardDeleteOptions(RuleOptions):
    # None: the project-wide soft-delete column (``soft-delete-column`` in the config).
    soft_delete_column: str | None = None
    # Tables whose rows may be deleted (caches, sessions), as ``name`` or ``schema.name``.
    allow: tuple[str, ...] = ()


def _sql_name(ref: ir.TableRef, dialect: str) -> str:
    name = quote_identifier(ref.name, dialect)
    return f"{quote_identifier(ref.schema, dialect)}.{name}" if ref.schema else name


def _soft_delete(ref: ir.TableRef, column: str, where: str, dialect: str) -> str:
    """The UPDATE that soft-deletes what a DELETE removes, in the dialect's own SQL.

    SQLite has no ``now()``; MySQL's ``CURRENT_TIMESTAMP(3)`` keeps the milliseconds of
    Prisma's ``DATETIME(3)``.
    """
    now = behaviour_of(dialect).now
    table = _sql_name(ref, dialect)
    return f"UPDATE {table} SET {quote_identifier(column, dialect)} = {now} WHERE {where}"


_LINE_BREAKS = re.compile(r"\s*\n\s*")


class HardDelete(ChangeRule[HardDeleteOptions]):
    code = "SL401"
    name = "hard-delete"
    severity = Severity.ERROR
    summary = "Flags `DELETE` and `TRUNCATE` of application tables, also inside functions"
    options_model = HardDeleteOptions
    statement_types = (ir.Delete, ir.Truncate)
    fixable = True

    def check(self, statement: ir.Statement, ctx: ChangeContext[HardDeleteOptions]) -> None:
        if isinstance(statement, ir.Delete):
            self._check_delete(statement, ctx)
        elif isinstance(statement, ir.Truncate):
            refs = [
                ref
                for ref in statement.tables
                if self._linted(ctx, ref) and not self._allowed(ctx, ref)
            ]
            if refs:
                ctx.report(
                    statement.span,
                    "`TRUNCATE` hard-deletes every row of "
                    f"{backticked((r.display() for r in refs), 'and')}{self._where(ctx)}",
                    help=self._advice(ctx, None, None),
                )

    def _check_delete(self, statement: ir.Delete, ctx: ChangeContext[HardDeleteOptions]) -> None:
        ref = statement.table
        if not self._linted(ctx, ref) or self._allowed(ctx, ref):
            return
        table = ctx.catalog.table(ref.schema, ref.name)
        column = self._soft_delete_column(ctx, table)
        fix = None
        if column is not None and not ctx.in_body and statement.has_where and statement.where_sql:
            update = _soft_delete(ref, column, statement.where_sql, ctx.settings.dialect)
            fix = Fix("Soft-delete the rows instead", (Edit(statement.span, update),))
        ctx.report(
            statement.head_span or statement.span,
            f"`DELETE` hard-deletes rows of `{ref.display()}`{self._where(ctx)}",
            help=self._advice(ctx, statement, column),
            fix=fix,
        )

    def _schema(self, ctx: ChangeContext[HardDeleteOptions], ref: ir.TableRef) -> str | None:
        table = ctx.catalog.table(ref.schema, ref.name)
        return table.schema if table else ref.schema or next(iter(ctx.catalog.search_path), None)

    def _linted(self, ctx: ChangeContext[HardDeleteOptions], ref: ir.TableRef) -> bool:
        """Platform-owned schemas (Supabase's `storage`...) hold no application data."""
        schema = self._schema(ctx, ref)
        return schema is None or ctx.settings.is_linted_schema(schema)

    def _allowed(self, ctx: ChangeContext[HardDeleteOptions], ref: ir.TableRef) -> bool:
        # An unqualified name is matched against `schema.name` entries too.
        return listed(ctx.options.allow, self._schema(ctx, ref), ref.name)

    def _where(self, ctx: ChangeContext[HardDeleteOptions]) -> str:
        return " inside a function or DO block" if ctx.in_body else ""

    def _soft_delete_column(
        self, ctx: ChangeContext[HardDeleteOptions], table: Table | None
    ) -> str | None:
        if table is None:
            return None
        wanted = ctx.options.soft_delete_column or ctx.settings.soft_delete_column
        found = find_column(table, (wanted,))
        return found.name if found else None

    def _advice(
        self, ctx: ChangeContext[HardDeleteOptions], delete: ir.Delete | None, column: str | None
    ) -> Help:
        if delete is not None and column is not None:
            condition = delete.where_sql if delete.has_where and delete.where_sql else "..."
            # One line in the help; the fix keeps the condition as written.
            condition = _LINE_BREAKS.sub(" ", condition)
            update = _soft_delete(delete.table, column, condition, ctx.settings.dialect)
            return Help(_UPDATE_HELP, (code(update),))
        wanted = ctx.options.soft_delete_column or ctx.settings.soft_delete_column
        return Help(_COLUMN_HELP, (wanted,))


_WHY = (
    "Rows are soft-deleted so that they can be restored, audited and still satisfy foreign keys; "
    "a hard delete loses them for good. "
)
_ALLOW = (
    " If the table holds disposable data (cache, sessions), list it under this rule's `allow` "
    "option."
)
# ``{0}``: the soft-deleting ``UPDATE`` as inline code.
_UPDATE_HELP = _WHY + "Use {0} instead." + _ALLOW
# ``{0}``: the soft-delete column.
_COLUMN_HELP = _WHY + "Give the table a `{0}` column and set it instead." + _ALLOW
