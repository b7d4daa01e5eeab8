"""SL609 multiple-permissive-policies: two permissive policies for one role and command."""

from __future__ import annotations

from schemalint.catalog.model import Policy, Table
from schemalint.findings import Severity
from schemalint.rules._naming import backticked, table_label
from schemalint.rules._policies import (
    API_ROLES,
    COMMANDS,
    DEFAULT_BYPASS_ROLES,
    bypasses_rls,
    commands,
    named_roles,
    rls_tables,
)
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule


class MultiplePermissivePoliciesOptions(RuleOptions):
    # Roles with BYPASSRLS (or superusers): policies never run for them.
    bypass_rls_roles: tuple[str, ...] = DEFAULT_BYPASS_ROLES


class MultiplePermissivePolicies(SchemaRule[MultiplePermissivePoliciesOptions]):
    code = "SL609"
    name = "multiple-permissive-policies"
    severity = Severity.WARNING
    summary = "Flags a table with more than one permissive policy for the same role and command"
    options_model = MultiplePermissivePoliciesOptions
    dialects = frozenset({"postgres"})
    tags = ("performance",)

    def check(self, ctx: SchemaContext[MultiplePermissivePoliciesOptions]) -> None:
        bypass = ctx.options.bypass_rls_roles
        universe = tuple(
            role
            for role in dict.fromkeys((*API_ROLES, *named_roles(ctx.catalog)))
            if not bypasses_rls(role, bypass)
        )
        for table in rls_tables(ctx):
            # Each policy with its commands and the roles it binds (``applies_to``'s answer
            # for one role: all of them when it binds PUBLIC).
            permissive = [
                (p, commands(p), None if "public" in p.roles else p.roles)
                for p in table.policies
                if p.permissive
            ]
            if len(permissive) < 2:
                continue
            overlaps: dict[tuple[Policy, ...], dict[tuple[str, str], None]] = {}
            for role in universe:
                bound = [
                    (p, verbs) for p, verbs, roles in permissive if roles is None or role in roles
                ]
                if len(bound) < 2:
                    continue
                for command in COMMANDS:
                    policies = tuple(p for p, verbs in bound if command in verbs)
                    if len(policies) > 1:
                        overlaps.setdefault(policies, {})[(role, command)] = None
            for policies, pairs in overlaps.items():
                self._report(ctx, table, policies, tuple(pairs))

    def _report(
        self,
        ctx: SchemaContext[MultiplePermissivePoliciesOptions],
        table: Table,
        policies: tuple[Policy, ...],
        pairs: tuple[tuple[str, str], ...],
    ) -> None:
        roles = tuple(dict.fromkeys(role for role, _ in pairs))
        verbs = tuple(dict.fromkeys(command.upper() for _, command in pairs))
        last = policies[-1]
        ctx.report(
            last.name_span or last.span,
            f"Policies {backticked((p.name for p in policies), 'and')} on "
            f"`{table_label(table)}` are {'both' if len(policies) == 2 else 'all'} permissive "
            f"for {backticked(roles, 'and')} on "
            f"{backticked(verbs, 'and')}",
            help=(
                "PostgreSQL runs every permissive policy that applies to a query and ORs "
                "the results, so each row pays for all of them. Merge them into one policy "
                "per role and command (`USING (a OR b)`), or make the narrower ones "
                "`AS RESTRICTIVE` if they are meant to add conditions, or give each policy "
                "its own `TO` role."
            ),
        )
