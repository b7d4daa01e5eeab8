"""SL104 policy-without-rls: policies on a table whose row level security is off."""

from __future__ import annotations

from schemalint.catalog import provenance
from schemalint.catalog.model import Table
from schemalint.findings import Help, Severity
from schemalint.rules._naming import sql_table_name, table_label
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule
from schemalint.source import Span


def finding_span(table: Table) -> Span:
    """Where the finding is: the DISABLE ROW LEVEL SECURITY, or the CREATE POLICY that added
    the first policy, else the first policy's definition."""
    change = table.latest(provenance.RLS, provenance.POLICIES)
    return provenance.made_at(change, table.policies[0].span)


class PolicyWithoutRls(SchemaRule[RuleOptions]):
    code = "SL104"
    # A new migration clears it (``schemalint fix``, ``fix_steps``).
    fixable = True
    name = "policy-without-rls"
    severity = Severity.ERROR
    summary = "Flags policies on a table whose row level security is not enabled"
    dialects = frozenset({"postgres"})
    security_severity = 8.6

    def check(self, ctx: SchemaContext[RuleOptions]) -> None:
        for table in ctx.tables():
            if table.policies and not table.rls_enabled:
                label = table_label(table)
                first = table.policies[0]
                ctx.report(
                    finding_span(table),
                    f"Policy `{first.name}` on `{label}` has no effect: row level security "
                    "is not enabled",
                    help=Help(_HELP, (label, sql_table_name(table))),
                    defined=first.span,
                )


# ``{0}``: the table's label; ``{1}``: the table as SQL.
_HELP = (
    "PostgreSQL ignores policies until row level security is enabled, so every row of `{0}` is "
    "open to every role that has privileges. Add `ALTER TABLE {1} ENABLE ROW LEVEL SECURITY;`."
)
