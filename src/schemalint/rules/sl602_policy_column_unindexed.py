"""SL602 policy-column-unindexed: a policy filters on a column no index leads."""

from __future__ import annotations

from collections.abc import Iterator

from schemalint.catalog import provenance
from schemalint.catalog.model import Policy, Table
from schemalint.findings import Help, Severity
from schemalint.ir import Mention
from schemalint.rules._index_fix import index_name
from schemalint.rules._naming import quote_identifier, sql_table_name, table_label
from schemalint.rules._policies import rls_tables
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule
from schemalint.rules.sl201_unindexed_foreign_key import is_covered, uncovered_key_columns
from schemalint.source import Span


def policy_columns(table: Table) -> Iterator[tuple[Policy, Mention]]:
    """Each column of ``table`` that its policies compare with the user's identity or tenant,
    once, with the policy of its first mention; a foreign key's columns SL201 reports are left
    to SL201's index."""
    done = uncovered_key_columns(table)
    for policy in table.policies:
        for facts in policy.clauses():
            for column in facts.identity_columns:
                name = column.text
                if name in done or table.column(name) is None:
                    continue
                done.add(name)
                yield policy, column


def finding_span(table: Table, policy: Policy, column: Span, name: str) -> Span:
    """Where the finding is: where an index leading with the column went away (or row level
    security came on), if after the policy's clause; else the column in the clause."""
    change = table.latest(provenance.key((name,)), provenance.RLS)
    return provenance.made_at(change, column, policy.order)


class PolicyColumnUnindexed(SchemaRule[RuleOptions]):
    code = "SL602"
    # A new migration clears it (``schemalint fix``, ``fix_steps``).
    fixable = True
    name = "policy-column-unindexed"
    severity = Severity.WARNING
    summary = (
        "Flags a column that a policy compares with the user's identity or tenant "
        "when no index starts with it"
    )
    dialects = frozenset({"postgres"})
    tags = ("performance",)

    def check(self, ctx: SchemaContext[RuleOptions]) -> None:
        for table in rls_tables(ctx):
            for policy, column in policy_columns(table):
                name = column.text
                if is_covered(table, (name,)):
                    continue
                ctx.report(
                    finding_span(table, policy, column.span, name),
                    f"Policy `{policy.name}` filters `{table_label(table)}` on "
                    f"`{name}`, which leads no index",
                    help=Help(
                        _HELP,
                        (
                            name,
                            quote_identifier(index_name(table, (name,))),
                            sql_table_name(table),
                            quote_identifier(name),
                        ),
                    ),
                    defined=column.span,
                )


# ``{0}``: the column as written; ``{1}``: the index's name; ``{2}``: the table as SQL; ``{3}``:
# the column as SQL.
_HELP = (
    "Every query the policy applies to compares each row's `{0}` with the user's identity or "
    "tenant; without an index that starts with it the filter scans the whole table. Add `CREATE "
    "INDEX CONCURRENTLY {1} ON {2} ({3});` in a new migration."
)
