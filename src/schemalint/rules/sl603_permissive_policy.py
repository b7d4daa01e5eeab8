"""SL603 permissive-policy: a policy for the API's roles that lets every row through."""

from __future__ import annotations

from schemalint.catalog.model import Policy, Table
from schemalint.findings import Severity
from schemalint.rules._naming import table_label
from schemalint.rules._policies import API_ROLES, exposed_schemas, rls_tables
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule
from schemalint.source import Span

_WRITES = frozenset({"update", "delete", "all"})
_CHECKED = frozenset({"insert", "update", "all"})
_READS = frozenset({"select", "all"})


class PermissivePolicyOptions(RuleOptions):
    # None: the project-wide exposed schemas (``exposed-schemas`` in the config).
    exposed_schemas: tuple[str, ...] | None = None
    # Also report ``FOR SELECT ... USING (true)``: off, since public read is often intended.
    public_read: bool = False


def _problem(policy: Policy, public_read: bool) -> tuple[Span, str] | None:
    """Where and why the policy lets every row through, or None.

    An INSERT policy without ``WITH CHECK`` is no problem: PostgreSQL then admits no row
    through it (tests/groundtruth/test_policy_rules_groundtruth.py shows it).
    """
    using, check = policy.using_facts, policy.with_check_facts
    command = policy.command
    if command in _WRITES and using is not None and using.always_true:
        return using.span, "its `USING` is always true, so it applies to every row"
    if command in _CHECKED and check is not None and check.always_true:
        return check.span, "its `WITH CHECK` is always true, so any row can be written"
    if command in _READS and using is not None and using.null_auth is not None:
        return (
            using.null_auth.span,
            f"its `USING` admits requests without a user (`{using.null_auth.text}`)",
        )
    if public_read and command == "select" and using is not None and using.always_true:
        return using.span, "its `USING` is always true, so every row is readable"
    return None


class PermissivePolicy(SchemaRule[PermissivePolicyOptions]):
    code = "SL603"
    name = "permissive-policy"
    severity = Severity.ERROR
    summary = (
        "Flags a permissive policy for `anon`, `authenticated` or `public` whose "
        "`USING` or `WITH CHECK` lets every row through"
    )
    options_model = PermissivePolicyOptions
    dialects = frozenset({"postgres"})
    security_severity = 7.5

    def check(self, ctx: SchemaContext[PermissivePolicyOptions]) -> None:
        exposed = exposed_schemas(ctx.settings, ctx.options.exposed_schemas)
        for table in rls_tables(ctx):
            if table.schema not in exposed:
                continue
            for policy in table.policies:
                roles = [r for r in policy.roles if r == "public" or r in API_ROLES]
                if not policy.permissive or not roles:
                    continue
                found = _problem(policy, ctx.options.public_read)
                if found is not None:
                    self._report(ctx, table, policy, roles, found)

    def _report(
        self,
        ctx: SchemaContext[PermissivePolicyOptions],
        table: Table,
        policy: Policy,
        roles: list[str],
        found: tuple[Span, str],
    ) -> None:
        span, why = found
        who = "every role" if "public" in roles else " and ".join(f"`{r}`" for r in roles)
        command = "every command" if policy.command == "all" else policy.command.upper()
        ctx.report(
            span,
            f"Policy `{policy.name}` on `{table_label(table)}` ({command}, {who}): {why}",
            help=(
                "Permissive policies are OR-ed: this one alone opens the table to anyone "
                "holding the API key (the anon key is public). Compare the row with the "
                "user's identity or tenant, e.g. `USING (user_id = (select auth.uid()))` "
                "and the same `WITH CHECK`; if the table is meant to be public, grant only "
                "SELECT and keep writes behind a check."
            ),
        )
