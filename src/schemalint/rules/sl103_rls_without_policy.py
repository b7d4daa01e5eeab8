"""SL103 rls-without-policy: row level security enabled, but no policy."""

from __future__ import annotations

from schemalint.catalog import provenance
from schemalint.catalog.model import Table
from schemalint.findings import Severity
from schemalint.rules._naming import table_label
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule
from schemalint.source import Span


def finding_span(table: Table) -> Span:
    """Where the finding is: the ENABLE ROW LEVEL SECURITY, or the DROP POLICY that removed the
    last policy, else the table's definition."""
    return provenance.made_at(table.latest(provenance.RLS, provenance.POLICIES), table.name_span)


class RlsWithoutPolicy(SchemaRule[RuleOptions]):
    code = "SL103"
    # A new migration clears it (``schemalint fix``, ``fix_steps``).
    fixable = True
    name = "rls-without-policy"
    severity = Severity.WARNING
    summary = "Flags a table that enables row level security but has no policy"
    dialects = frozenset({"postgres"})

    def check(self, ctx: SchemaContext[RuleOptions]) -> None:
        for table in ctx.tables():
            if table.rls_enabled and not table.policies:
                ctx.report(
                    finding_span(table),
                    f"Table `{table_label(table)}` enables row level security but has no policy",
                    help=(
                        "With row level security on and no policy, every query by a non-owner "
                        "role returns no rows and every write fails: the table is deny-all, "
                        "which is almost always an oversight. Add `CREATE POLICY` statements "
                        "for the commands clients need."
                    ),
                    defined=table.name_span,
                    # Before findings moved, this one sat at the last RLS statement.
                    previous=table.rls_span or table.name_span,
                )
