"""SL501 concurrently-in-transaction: a statement PostgreSQL refuses in a transaction block."""

from __future__ import annotations

from schemalint import ir
from schemalint.findings import Help, Severity
from schemalint.rules._enum_use import enum_columns, uses_enum_value
from schemalint.rules._safety import how_to_run_alone, why_in_transaction
from schemalint.rules.base import ChangeContext, ChangeRule, RuleOptions


def _command(statement: ir.Statement) -> str | None:
    """The statement as messages name it, when it cannot run in a transaction block."""
    if isinstance(statement, ir.CreateIndex) and statement.concurrently:
        return (
            "CREATE UNIQUE INDEX CONCURRENTLY" if statement.unique else "CREATE INDEX CONCURRENTLY"
        )
    if isinstance(statement, ir.DropIndex) and statement.concurrently:
        return "DROP INDEX CONCURRENTLY"
    if isinstance(statement, ir.Reindex):
        if statement.concurrently:
            return f"REINDEX {statement.target.upper()} CONCURRENTLY"
        if statement.target in ("schema", "database", "system"):
            return f"REINDEX {statement.target.upper()}"
    if isinstance(statement, ir.NonTransactional):
        return statement.command
    return None


class ConcurrentlyInTransaction(ChangeRule[RuleOptions]):
    code = "SL501"
    name = "concurrently-in-transaction"
    severity = Severity.ERROR
    summary = (
        "Flags `CREATE INDEX CONCURRENTLY`, `VACUUM` and the other statements that cannot run "
        "inside a transaction block, where the runner runs them in one"
    )
    statement_types = (
        ir.CreateIndex,
        ir.DropIndex,
        ir.Reindex,
        ir.NonTransactional,
        ir.AddEnumValue,
    )
    # A value added is looked for in the later statements of its transaction.
    looks_ahead = (ir.AddEnumValue,)
    dialects = frozenset({"postgres"})

    def check(self, statement: ir.Statement, ctx: ChangeContext[RuleOptions]) -> None:
        if isinstance(statement, ir.AddEnumValue):
            if not ctx.in_body:
                self._check_enum_value(statement, ctx)
            return
        command = _command(statement)
        if command is None or ctx.in_body:
            return
        segment = ctx.segment()
        if segment is None or not segment.in_transaction:
            return
        ctx.report(
            statement.span,
            f"`{command}` cannot run inside a transaction block, and here "
            f"{why_in_transaction(ctx)}",
            help=Help(_HELP, (how_to_run_alone(ctx.model, command + " ..."),)),
        )

    def _check_enum_value(
        self, statement: ir.AddEnumValue, ctx: ChangeContext[RuleOptions]
    ) -> None:
        segment = ctx.segment()
        source = ctx.source(statement.span.path)
        if segment is None or not segment.in_transaction or source is None:
            return
        columns = enum_columns(ctx.catalog, statement.type_name)
        for index in range(ctx.index + 1, len(ctx.statements)):
            later = ctx.statements[index]
            if ctx.segment(index) != segment:
                return
            text = source.text[later.span.start : later.span.end]
            if uses_enum_value(text, statement, columns):
                ctx.report(
                    later.span,
                    f"Enum value `'{statement.value}'` of `{statement.type_name}` is used in the "
                    f"transaction that adds it, and here {why_in_transaction(ctx)}",
                    help=(
                        "PostgreSQL refuses a value added by `ALTER TYPE ... ADD VALUE` until "
                        'the transaction that added it commits (error 55P04, "unsafe use of '
                        'new value"; before PostgreSQL 12 the `ALTER TYPE ... ADD VALUE` '
                        "itself cannot run in a transaction block). Use the value in a later "
                        "migration."
                    ),
                )
                return


# ``{0}``: how to have the runner run the statement alone (``how_to_run_alone``).
_HELP = (
    'PostgreSQL stops the migration with error 25001 ("cannot run inside a transaction block"). {0}'
)
