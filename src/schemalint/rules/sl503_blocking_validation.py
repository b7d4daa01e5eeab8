"""SL503 blocking-validation: a constraint that checks every existing row while it holds a lock
that blocks writes."""

from __future__ import annotations

from schemalint import ir
from schemalint.catalog.model import Column, Table
from schemalint.findings import Severity
from schemalint.rules._naming import quote_identifier, sql_table_name, table_label
from schemalint.rules._safety import existing_table, not_null_constraint, proved_not_null
from schemalint.rules.base import ChangeContext, ChangeRule, RuleOptions

_LATER = (
    "then `ALTER TABLE ... VALIDATE CONSTRAINT ...` in a later migration (a transaction of its "
    "own): VALIDATE checks the rows under a SHARE UPDATE EXCLUSIVE lock, which lets reads and "
    "writes go on."
)


class BlockingValidation(ChangeRule[RuleOptions]):
    code = "SL503"
    name = "blocking-validation"
    severity = Severity.WARNING
    unsafe_fixable = True
    summary = (
        "Flags `ADD FOREIGN KEY` and `ADD CHECK` without `NOT VALID`, and `SET NOT NULL` "
        "without a validated `CHECK (col IS NOT NULL)`, on a table that already exists"
    )
    statement_types = (ir.AddConstraint, ir.SetNotNull)
    dialects = frozenset({"postgres"})

    def check(self, statement: ir.Statement, ctx: ChangeContext[RuleOptions]) -> None:
        if ctx.in_body:
            return
        if isinstance(statement, ir.AddConstraint):
            self._check_constraint(statement, ctx)
        elif isinstance(statement, ir.SetNotNull):
            self._check_set_not_null(statement, ctx)

    def _check_constraint(
        self, statement: ir.AddConstraint, ctx: ChangeContext[RuleOptions]
    ) -> None:
        constraint = statement.constraint
        if constraint.kind not in ("foreign_key", "check") or constraint.not_valid:
            return
        table = existing_table(ctx, statement.table)
        if table is None:
            return
        label = table_label(table)
        if constraint.references is not None:
            ref = constraint.references.table
            target = ctx.catalog.table(ref.schema, ref.name)
            other = table_label(target) if target is not None else ref.display()
            message = (
                f"`ADD FOREIGN KEY` checks every row of `{label}` while it blocks writes to "
                f"`{label}` and `{other}`"
            )
            lock = (
                f"It takes a SHARE ROW EXCLUSIVE lock on both tables (so `{other}` too) and "
                "holds it while it looks up every existing row's key"
            )
        else:
            message = f"`ADD CHECK` checks every row of `{label}` while it blocks reads and writes"
            lock = (
                "It takes an ACCESS EXCLUSIVE lock on the table and holds it while it checks "
                "every existing row"
            )
        ctx.report(
            constraint.span,
            message,
            help=(
                f"{lock}. Add it with `NOT VALID` (new and changed rows are checked at once), "
                f"{_LATER}"
            ),
        )

    def _check_set_not_null(
        self, statement: ir.SetNotNull, ctx: ChangeContext[RuleOptions]
    ) -> None:
        if statement.not_valid:
            return
        table = existing_table(ctx, statement.table)
        column = table.column(statement.column) if table is not None else None
        if table is None or column is None:
            return
        if column.not_null:
            if not column.not_null_valid and statement.constraint is None:
                self._report_pending_not_null(statement, ctx, table, column)
            return
        version = ctx.settings.postgres_version
        if (version is None or version >= 12) and proved_not_null(table, statement.column):
            return
        name = quote_identifier(statement.column, "postgres")
        check = f"{sql_table_name(table, 'postgres')} ADD CONSTRAINT ... CHECK ({name} IS NOT NULL) NOT VALID"
        if version is not None and version < 12:
            advice = (
                f"Before PostgreSQL 12 `SET NOT NULL` always scans: on PostgreSQL {version} "
                f"the only way around it is a `CHECK ({name} IS NOT NULL)` constraint instead "
                "of NOT NULL, added `NOT VALID` and validated later."
            )
        else:
            advice = (
                f"Backfill, add `ALTER TABLE {check}`, {_LATER} Then `SET NOT NULL` sees the "
                "validated CHECK and skips the scan."
            )
            if version is None or version >= 18:
                advice += (
                    " On PostgreSQL 18 and later, `ADD CONSTRAINT ... NOT NULL "
                    f"{name} NOT VALID` and a later `VALIDATE CONSTRAINT` do the same in two "
                    "steps."
                )
        ctx.report(
            statement.column_span,
            f"`SET NOT NULL` checks every row of `{table_label(table)}` while it blocks reads "
            "and writes",
            help=(
                "It takes an ACCESS EXCLUSIVE lock on the table and holds it while it scans "
                f"every row for NULL in `{statement.column}`. (Whether the migration can fail "
                f"on NULL rows is SL301's concern; this is about the lock.) {advice}"
            ),
        )

    def _report_pending_not_null(
        self,
        statement: ir.SetNotNull,
        ctx: ChangeContext[RuleOptions],
        table: Table,
        column: Column,
    ) -> None:
        """PostgreSQL 18: ``SET NOT NULL`` on a column whose not-null constraint is NOT VALID
        validates it, scanning every row under ACCESS EXCLUSIVE (a validated
        ``CHECK (col IS NOT NULL)`` does not spare that scan)."""
        constraint = not_null_constraint(table, column)
        label = table_label(table)
        validate = (
            f"ALTER TABLE {sql_table_name(table, 'postgres')} VALIDATE CONSTRAINT "
            f"{quote_identifier(constraint, 'postgres')}"
        )
        ctx.report(
            statement.column_span,
            f"`SET NOT NULL` validates the NOT VALID constraint `{constraint}` by checking "
            f"every row of `{label}` while it blocks reads and writes",
            help=(
                "It takes an ACCESS EXCLUSIVE lock on the table and holds it while it scans "
                f"every row for NULL in `{statement.column}` (a validated `CHECK (... IS NOT "
                f"NULL)` does not spare this scan). Instead, run `{validate}` in a migration "
                "of its own (a transaction of its own): VALIDATE checks the rows under a SHARE "
                "UPDATE EXCLUSIVE lock, which lets reads and writes go on, and leaves the "
                "column NOT NULL, so this `SET NOT NULL` is not needed."
            ),
        )
