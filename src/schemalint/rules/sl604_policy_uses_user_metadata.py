"""SL604 policy-uses-user-metadata: a policy trusts metadata the user can edit."""

from __future__ import annotations

from schemalint.catalog.model import Catalog
from schemalint.findings import Severity
from schemalint.rules._naming import table_label
from schemalint.rules._policies import rls_tables
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule


def _reads_metadata(catalog: Catalog, name: str) -> bool:
    """Whether the function ``name`` (as a policy calls it) reads the metadata; an
    unqualified name is looked up along the search path, then in ``public``."""
    schema, _, bare = name.rpartition(".")
    schemas = (schema,) if schema else (*catalog.search_path, "public")
    return any((s, bare) in catalog.metadata_functions for s in schemas)


class PolicyUsesUserMetadata(SchemaRule[RuleOptions]):
    code = "SL604"
    name = "policy-uses-user-metadata"
    severity = Severity.ERROR
    summary = "Flags a policy that reads `user_metadata`, which every user can change"
    dialects = frozenset({"postgres"})
    security_severity = 8.1

    def check(self, ctx: SchemaContext[RuleOptions]) -> None:
        for table in rls_tables(ctx):
            for policy in table.policies:
                reads = [m for facts in policy.clauses() for m in facts.user_metadata]
                calls = [
                    m
                    for facts in policy.clauses()
                    for m in facts.calls
                    if _reads_metadata(ctx.catalog, m.text)
                ]
                if not reads and not calls:
                    continue
                first = min((*reads, *calls), key=lambda m: m.span.start)
                if first in calls:
                    what = f"`user_metadata` through `{first.text}()`"
                elif first.text.endswith("raw_user_meta_data"):
                    what = "`auth.users.raw_user_meta_data`"
                else:
                    what = "`user_metadata` from the user's JWT"
                ctx.report(
                    first.span,
                    f"Policy `{policy.name}` on `{table_label(table)}` reads {what}, "
                    "which the user can edit",
                    help=(
                        "Any signed-in user can change their own `user_metadata` (with "
                        "`supabase.auth.updateUser({ data })`), so a policy that trusts it "
                        "lets users grant themselves access. Keep roles and tenants in "
                        "`app_metadata` (only the server can set it) or in a table the "
                        "policy looks up."
                    ),
                )
