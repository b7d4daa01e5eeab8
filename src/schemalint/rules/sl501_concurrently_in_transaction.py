"""SL501 concurrently-in-transaction: a statement PostgreSQL refuses in a transaction block."""

from __future__ import annotations

from schemalint import ir
from schemalint.findings import Severity
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
    statement_types = (ir.CreateIndex, ir.DropIndex, ir.Reindex, ir.NonTransactional)
    dialects = frozenset({"postgres"})

    def check(self, statement: ir.Statement, ctx: ChangeContext[RuleOptions]) -> None:
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
            help=(
                'PostgreSQL stops the migration with error 25001 ("cannot run inside a '
                f'transaction block"). {how_to_run_alone(ctx.model, command + " ...")}'
            ),
        )
