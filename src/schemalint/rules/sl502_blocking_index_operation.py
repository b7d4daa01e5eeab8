"""SL502 blocking-index-operation: an index built, dropped or rebuilt without CONCURRENTLY."""

from __future__ import annotations

from schemalint import ir
from schemalint.findings import Help, Severity
from schemalint.rules._naming import table_label
from schemalint.rules._safety import how_to_run_alone, table_of_index
from schemalint.rules.base import ChangeContext, ChangeRule, RuleOptions


class BlockingIndexOperation(ChangeRule[RuleOptions]):
    code = "SL502"
    name = "blocking-index-operation"
    severity = Severity.WARNING
    unsafe_fixable = True
    summary = (
        "Flags `CREATE INDEX`, `DROP INDEX` and `REINDEX` without `CONCURRENTLY` on a table "
        "that already exists"
    )
    statement_types = (ir.CreateIndex, ir.DropIndex, ir.Reindex)
    dialects = frozenset({"postgres"})

    def check(self, statement: ir.Statement, ctx: ChangeContext[RuleOptions]) -> None:
        if ctx.in_body:
            return
        if isinstance(statement, ir.CreateIndex) and not statement.concurrently:
            table = ctx.catalog.table(statement.table.schema, statement.table.name)
            if table is None or not ctx.existed_before(table):
                return
            if statement.only and table.partitioned:
                return  # the parent's index alone: nothing is built, nothing waits
            command = "CREATE UNIQUE INDEX" if statement.unique else "CREATE INDEX"
            self._report(
                statement,
                ctx,
                f"`{command}` without `CONCURRENTLY` blocks writes to "
                f"`{table_label(table)}` while the index builds",
                "It takes a SHARE lock on the table: every INSERT, UPDATE and DELETE waits "
                "until the whole index is built.",
                f"{command} CONCURRENTLY ...",
            )
        elif isinstance(statement, ir.DropIndex) and not statement.concurrently:
            for schema, name in statement.names:
                table = table_of_index(ctx.catalog, schema, name)
                if table is None or not ctx.existed_before(table):
                    continue
                self._report(
                    statement,
                    ctx,
                    f"`DROP INDEX` without `CONCURRENTLY` blocks reads and writes of "
                    f"`{table_label(table)}`",
                    "It takes an ACCESS EXCLUSIVE lock on the table: every query of it waits, "
                    "and so does every query queued behind it.",
                    "DROP INDEX CONCURRENTLY ...",
                )
                return
        elif isinstance(statement, ir.Reindex) and not statement.concurrently:
            table = None
            if statement.table is not None:
                table = ctx.catalog.table(statement.table.schema, statement.table.name)
            elif statement.index is not None:
                table = table_of_index(ctx.catalog, *statement.index)
            if table is None or not ctx.existed_before(table):
                return
            self._report(
                statement,
                ctx,
                f"`REINDEX` without `CONCURRENTLY` blocks writes to `{table_label(table)}`",
                "It takes a SHARE lock on the table and an ACCESS EXCLUSIVE lock on each index "
                "it rebuilds: writes wait, and so do reads that would use the index.",
                "REINDEX (CONCURRENTLY) ...",
            )

    def _report(
        self,
        statement: ir.Statement,
        ctx: ChangeContext[RuleOptions],
        message: str,
        why: str,
        instead: str,
    ) -> None:
        how = how_to_run_alone(ctx.model, instead)
        ctx.report(statement.span, message, help=Help(_HELP, (why, how)))


# ``{0}``: what the statement locks; ``{1}``: how to have the runner run ``instead`` alone.
_HELP = "{0} {1}"
