"""SL508 breaking-change: dropping or renaming a table or column that running code still uses."""

from __future__ import annotations

from schemalint import ir
from schemalint.catalog.model import Column
from schemalint.findings import Severity
from schemalint.rules._naming import relation_label, table_label
from schemalint.rules._safety import existing_table, existing_view
from schemalint.rules.base import ChangeContext, ChangeRule, RuleOptions

_HELP = (
    "The application version that is running while the migration deploys (and any other "
    "service reading this database) still uses the old name: its queries fail from the moment "
    "the migration commits until every instance runs the new code. Expand and contract: "
)
_DROP = (
    _HELP
    + "first deploy code that no longer reads or writes it, then drop it in a later migration."
)
_RENAME = (
    _HELP + "add the new {kind} beside the old one (or a view under the old name), deploy code "
    "that uses the new name, and drop the old one in a later migration."
)
_RENAME_TABLE = _RENAME.format(kind="table")
_RENAME_COLUMN = _RENAME.format(kind="column")
_RENAME_VIEW = (
    _HELP + "create the view under its new name beside the old one, deploy code that uses the "
    "new name, and drop the old one in a later migration."
)


def _column_existed_before(ctx: ChangeContext[RuleOptions], column: Column) -> bool:
    """Whether ``column`` was added before this file's deploy (by an earlier deploy)."""
    here = ctx.statements[ctx.index].span.path
    if column.span.path == here:
        # Added by this file: by its CREATE TABLE or an earlier ALTER of this file.
        return not ctx.file.covers(column.span.start)
    position = ctx.positions.get(column.span.path)
    return position is None or position < ctx.batch_start


class BreakingChange(ChangeRule[RuleOptions]):
    code = "SL508"
    name = "breaking-change"
    severity = Severity.WARNING
    summary = (
        "Flags `DROP COLUMN`, `DROP TABLE`, `DROP VIEW`, renames and `SET SCHEMA` of a table, "
        "column or view that existed before the deploy, which the running application still "
        "uses"
    )
    statement_types = (
        ir.DropColumn,
        ir.RenameColumn,
        ir.DropTable,
        ir.RenameTable,
        ir.SetTableSchema,
        ir.DropView,
        ir.RenameView,
    )
    dialects = frozenset({"postgres"})

    def check(self, statement: ir.Statement, ctx: ChangeContext[RuleOptions]) -> None:
        if ctx.in_body:
            return
        if isinstance(statement, ir.DropTable):
            for ref in statement.tables:
                table = existing_table(ctx, ref)
                if table is not None:
                    ctx.report(
                        ref.span,
                        f"Table `{table_label(table)}` is dropped while running code may "
                        "still use it",
                        help=_DROP,
                    )
        elif isinstance(statement, (ir.RenameTable, ir.SetTableSchema)):
            table = existing_table(ctx, statement.table)
            if table is not None:
                change = (
                    f"renamed to `{statement.new_name}`"
                    if isinstance(statement, ir.RenameTable)
                    else f"moved to schema `{statement.new_schema}`"
                )
                ctx.report(
                    statement.table.span,
                    f"Table `{table_label(table)}` is {change} while running code still uses "
                    "the old name",
                    help=_RENAME_TABLE,
                )
        elif isinstance(statement, (ir.DropView, ir.RenameView)):
            self._check_view(statement, ctx)
        elif isinstance(statement, (ir.DropColumn, ir.RenameColumn)):
            self._check_column(statement, ctx)

    def _check_view(
        self, statement: ir.DropView | ir.RenameView, ctx: ChangeContext[RuleOptions]
    ) -> None:
        refs = statement.views if isinstance(statement, ir.DropView) else (statement.view,)
        for ref in refs:
            view = existing_view(ctx, ref)
            if view is None:
                continue
            label = f"{view.kind.capitalize()} `{relation_label(view.schema, view.name)}`"
            if isinstance(statement, ir.DropView):
                message = f"{label} is dropped while running code may still use it"
                how = _DROP
            else:
                change = (
                    f"renamed to `{statement.new_name}`"
                    if statement.new_name is not None
                    else f"moved to schema `{statement.new_schema}`"
                )
                message = f"{label} is {change} while running code still uses the old name"
                how = _RENAME_VIEW
            ctx.report(ref.span, message, help=how)

    def _check_column(
        self, statement: ir.DropColumn | ir.RenameColumn, ctx: ChangeContext[RuleOptions]
    ) -> None:
        table = existing_table(ctx, statement.table)
        column = table.column(statement.column) if table is not None else None
        if table is None or column is None or not _column_existed_before(ctx, column):
            return
        label = f"{table_label(table)}.{statement.column}"
        if isinstance(statement, ir.DropColumn):
            ctx.report(
                statement.column_span,
                f"Column `{label}` is dropped while running code may still use it",
                help=_DROP,
            )
        else:
            ctx.report(
                statement.column_span,
                f"Column `{label}` is renamed to `{statement.new_name}` while running code "
                "still uses the old name",
                help=_RENAME_COLUMN,
            )
