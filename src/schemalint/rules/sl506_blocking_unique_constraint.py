"""SL506 blocking-unique-constraint: a UNIQUE or PRIMARY KEY whose index builds under an
ACCESS EXCLUSIVE lock."""

from __future__ import annotations

from schemalint import ir
from schemalint.findings import Help, Severity
from schemalint.rules._naming import table_label
from schemalint.rules._safety import how_to_run_alone
from schemalint.rules.base import ChangeContext, ChangeRule, RuleOptions


class BlockingUniqueConstraint(ChangeRule[RuleOptions]):
    code = "SL506"
    name = "blocking-unique-constraint"
    severity = Severity.WARNING
    unsafe_fixable = True
    summary = (
        "Flags `ADD UNIQUE` and `ADD PRIMARY KEY` on a table that already exists, unless "
        "`USING INDEX` of an index built beforehand"
    )
    statement_types = (ir.AddConstraint,)
    dialects = frozenset({"postgres"})

    def check(self, statement: ir.Statement, ctx: ChangeContext[RuleOptions]) -> None:
        assert isinstance(statement, ir.AddConstraint)
        constraint = statement.constraint
        if ctx.in_body or constraint.kind not in ("unique", "primary_key"):
            return
        if constraint.using_index is not None:
            return
        table = ctx.catalog.table(statement.table.schema, statement.table.name)
        if table is None or not ctx.existed_before(table):
            return
        kind = "UNIQUE" if constraint.kind == "unique" else "PRIMARY KEY"
        build = how_to_run_alone(ctx.model, "CREATE UNIQUE INDEX CONCURRENTLY ...")
        ctx.report(
            constraint.span,
            f"`ADD {kind}` builds its index while it blocks reads and writes of "
            f"`{table_label(table)}`",
            help=Help(_HELP, (kind, build)),
        )


# ``{0}``: UNIQUE or PRIMARY KEY; ``{1}``: how to have the runner build the index alone.
_HELP = (
    "It takes an ACCESS EXCLUSIVE lock on the table for the whole index build. Build the index "
    "first without blocking writes, then add the constraint with `ADD CONSTRAINT ... {0} USING "
    "INDEX ...`, which only takes the lock briefly. {1}"
)
