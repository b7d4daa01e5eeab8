"""SL504 validate-in-same-transaction: VALIDATE CONSTRAINT where the NOT VALID add still holds
its lock."""

from __future__ import annotations

from schemalint import ir
from schemalint.findings import Severity
from schemalint.rules._naming import table_label
from schemalint.rules.base import ChangeContext, ChangeRule, RuleOptions


class ValidateInSameTransaction(ChangeRule[RuleOptions]):
    code = "SL504"
    name = "validate-in-same-transaction"
    severity = Severity.WARNING
    unsafe_fixable = True
    summary = (
        "Flags `VALIDATE CONSTRAINT` in the same transaction as the `ADD CONSTRAINT ... NOT "
        "VALID` that added it"
    )
    statement_types = (ir.ValidateConstraint,)
    dialects = frozenset({"postgres"})

    def check(self, statement: ir.Statement, ctx: ChangeContext[RuleOptions]) -> None:
        assert isinstance(statement, ir.ValidateConstraint)
        if ctx.in_body or ctx.run is None:
            return
        table = ctx.catalog.table(statement.table.schema, statement.table.name)
        constraint = table.constraint(statement.name) if table is not None else None
        if table is None or constraint is None or not constraint.not_valid:
            return
        added = constraint.statement_span
        if added is None or not self._same_transaction(ctx, added.path, added.start):
            return
        ctx.report(
            statement.name_span,
            f"Constraint `{statement.name}` of `{table_label(table)}` is validated in the "
            "transaction that added it NOT VALID",
            help=_FOREIGN_KEY_HELP if constraint.kind == "foreign_key" else _OTHER_HELP,
        )

    def _same_transaction(self, ctx: ChangeContext[RuleOptions], path: str, start: int) -> bool:
        """Whether the statement that starts at ``start`` in ``path`` shares the current
        statement's transaction."""
        segment = ctx.segment()
        if segment is None or not segment.in_transaction:
            return False
        here = ctx.statements[ctx.index].span.path
        if path != here:
            # Another file: the same transaction only for a one-transaction batch.
            position = ctx.positions.get(path)
            return (
                ctx.run is not None
                and ctx.run.shared
                and segment.start == 0
                and position is not None
                and position >= ctx.batch_start
            )
        index = ctx.file.first_at(start)
        return index is not None and ctx.segment(index) == segment


_HELD = (
    " is held until the transaction commits: the validation scan of every row runs under it, so "
    "NOT VALID gains nothing. Validate in a later migration, which the runner runs in a "
    "transaction of its own: VALIDATE CONSTRAINT alone takes only a SHARE UPDATE EXCLUSIVE lock, "
    "which lets reads and writes go on."
)
_FOREIGN_KEY_HELP = (
    "The ADD's SHARE ROW EXCLUSIVE lock on both tables, which blocks their writes," + _HELD
)
_OTHER_HELP = (
    "The ADD's ACCESS EXCLUSIVE lock, which blocks every read and write of the table," + _HELD
)
