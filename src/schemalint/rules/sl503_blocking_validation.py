"""SL503 blocking-validation: a constraint that checks every existing row while it holds a lock
that blocks writes."""

from __future__ import annotations

from schemalint import ir
from schemalint.catalog.model import Column, Table
from schemalint.findings import Help, Severity
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
            advice: str | Help = Help(_FOREIGN_KEY_HELP, (other,))
        else:
            message = f"`ADD CHECK` checks every row of `{label}` while it blocks reads and writes"
            advice = _CHECK_HELP
        ctx.report(constraint.span, message, help=advice)

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
        if version is not None and version < 12:
            advice = Help(_BEFORE_12_HELP, (statement.column, str(version), name))
        else:
            template = _BACKFILL_HELP if version is not None and version < 18 else _FROM_18_HELP
            advice = Help(template, (statement.column, sql_table_name(table, "postgres"), name))
        ctx.report(
            statement.column_span,
            f"`SET NOT NULL` checks every row of `{table_label(table)}` while it blocks reads "
            "and writes",
            help=advice,
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
        names = (
            statement.column,
            sql_table_name(table, "postgres"),
            quote_identifier(constraint, "postgres"),
        )
        ctx.report(
            statement.column_span,
            f"`SET NOT NULL` validates the NOT VALID constraint `{constraint}` by checking "
            f"every row of `{label}` while it blocks reads and writes",
            help=Help(_PENDING_HELP, names),
        )


_NOT_VALID = ". Add it with `NOT VALID` (new and changed rows are checked at once), " + _LATER
# ``{0}``: the referenced table.
_FOREIGN_KEY_HELP = (
    "It takes a SHARE ROW EXCLUSIVE lock on both tables (so `{0}` too) and holds it while it "
    "looks up every existing row's key" + _NOT_VALID
)
_CHECK_HELP = (
    "It takes an ACCESS EXCLUSIVE lock on the table and holds it while it checks every existing "
    "row" + _NOT_VALID
)
# ``{0}``: the column as written; ``{1}``: PostgreSQL's version (before 12), or the table as
# SQL; ``{2}``: the column as SQL.
_SCAN = (
    "It takes an ACCESS EXCLUSIVE lock on the table and holds it while it scans every row for "
    "NULL in `{0}`. (Whether the migration can fail on NULL rows is SL301's concern; this is "
    "about the lock.) "
)
_BEFORE_12_HELP = _SCAN + (
    "Before PostgreSQL 12 `SET NOT NULL` always scans: on PostgreSQL {1} the only way around it "
    "is a `CHECK ({2} IS NOT NULL)` constraint instead of NOT NULL, added `NOT VALID` and "
    "validated later."
)
_BACKFILL_HELP = _SCAN + (
    "Backfill, add `ALTER TABLE {1} ADD CONSTRAINT ... CHECK ({2} IS NOT NULL) NOT VALID`, "
    + _LATER
    + " Then `SET NOT NULL` sees the validated CHECK and skips the scan."
)
_FROM_18_HELP = _BACKFILL_HELP + (
    " On PostgreSQL 18 and later, `ADD CONSTRAINT ... NOT NULL {2} NOT VALID` and a later "
    "`VALIDATE CONSTRAINT` do the same in two steps."
)
# ``{0}``: the column as written; ``{1}``: the table as SQL; ``{2}``: the constraint as SQL.
_PENDING_HELP = (
    "It takes an ACCESS EXCLUSIVE lock on the table and holds it while it scans every row for "
    "NULL in `{0}` (a validated `CHECK (... IS NOT NULL)` does not spare this scan). Instead, "
    "run `ALTER TABLE {1} VALIDATE CONSTRAINT {2}` in a migration of its own (a transaction of "
    "its own): VALIDATE checks the rows under a SHARE UPDATE EXCLUSIVE lock, which lets reads "
    "and writes go on, and leaves the column NOT NULL, so this `SET NOT NULL` is not needed."
)
