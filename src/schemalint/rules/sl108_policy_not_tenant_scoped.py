"""SL108 policy-not-tenant-scoped: an RLS policy that lets every tenant's rows through."""

from __future__ import annotations

from schemalint.catalog import provenance
from schemalint.catalog.model import Policy, Table
from schemalint.findings import Help, Severity
from schemalint.ir.security import ClauseFacts
from schemalint.rules._naming import backticked, fold, listed, table_label
from schemalint.rules._tenancy import function_matches, tenant_columns
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule
from schemalint.source import Span

# Roles that bypass row level security anyway: a policy only for them isolates nothing, by
# design.
_BYPASSING_ROLES = frozenset({"service_role", "postgres", "supabase_admin"})


class PolicyNotTenantScopedOptions(RuleOptions):
    # Functions that return the caller's tenants: a policy calling one is scoped by it.
    membership_functions: tuple[str, ...] = ()
    # The functions that return the current user: a policy comparing a column of its table
    # with one of them keeps each row to its owner.
    user_functions: tuple[str, ...] = ("auth.uid",)
    # Tables whose policies are not judged, as ``name`` or ``schema.name``.
    exempt: tuple[str, ...] = ()


class PolicyNotTenantScoped(SchemaRule[PolicyNotTenantScopedOptions]):
    code = "SL108"
    name = "policy-not-tenant-scoped"
    severity = Severity.ERROR
    summary = (
        "Flags a row level security policy on a tenant-scoped table whose expression does not "
        "read the tenant column"
    )
    options_model = PolicyNotTenantScopedOptions
    # Prisma schemas cannot express policies; only PostgreSQL has them.
    dialects = frozenset({"postgres"})

    def check(self, ctx: SchemaContext[PolicyNotTenantScopedOptions]) -> None:
        settings = ctx.settings
        roots = ctx.tenant_roots(settings.tenant_columns)
        for table in ctx.tables():
            tenants = tuple(c.name for c in tenant_columns(table, settings.tenant_columns))
            if not tenants or listed(ctx.options.exempt, table.schema, table.name):
                continue
            # A tenant root's rows are tenants: its key is what a policy scopes them by.
            pk = table.primary_key
            scoping = (*tenants, *pk.columns) if pk and roots.is_root(table) else tenants
            for policy in table.policies:
                if not policy.permissive or set(policy.roles) <= _BYPASSING_ROLES:
                    continue
                clauses = [
                    (label, facts)
                    for label, facts, columns in (
                        ("USING", policy.using_facts, policy.using_columns),
                        ("WITH CHECK", policy.with_check_facts, policy.with_check_columns),
                    )
                    if facts is not None
                    and self._unscoped(ctx.options, table, facts, columns, scoping)
                ]
                if clauses:
                    self._report(ctx, table, policy, tenants, clauses)

    def _unscoped(
        self,
        options: PolicyNotTenantScopedOptions,
        table: Table,
        facts: ClauseFacts,
        columns: tuple[str, ...],
        tenants: tuple[str, ...],
    ) -> bool:
        folded = {fold(name) for name in columns}
        if any(fold(name) in folded for name in tenants):
            return False
        if function_matches((m.text for m in facts.calls), options.membership_functions):
            return False
        return not any(
            qualifier in ("", table.name)
            and table.column(name) is not None
            and function_matches((call,), options.user_functions)
            for qualifier, name, call in facts.compared
        )

    def _report(
        self,
        ctx: SchemaContext[PolicyNotTenantScopedOptions],
        table: Table,
        policy: Policy,
        tenants: tuple[str, ...],
        clauses: list[tuple[str, ClauseFacts]],
    ) -> None:
        clause = " and ".join(label for label, _ in clauses)
        verb = "read" if len(clauses) > 1 else "reads"
        tenant = tenants[0]
        # The policy, or the ALTER POLICY that last set the clause; where the table became
        # tenant-scoped when that came after.
        change = table.latest(*(provenance.column(name) for name in tenants))
        ctx.report(
            provenance.made_at(change, _where_set(policy, clauses[0][1].span), policy.order),
            f"Policy `{policy.name}` on `{table_label(table)}` is not scoped by tenant: its "
            f"{clause} {verb} no tenant column ({backticked(tenants)}) and no membership "
            "function",
            help=Help(_HELP, (tenant,)),
            defined=policy.span,
        )


# ``{0}``: the first tenant column.
_HELP = (
    "Permissive policies add up: this one lets a user reach the rows of every tenant it matches, "
    "whatever the other policies say. Compare the tenant column with the caller's tenants, e.g. "
    "`{0} IN (SELECT {0} FROM <memberships> WHERE user_id = auth.uid())`, or call a function "
    "that returns them and list it under this rule's `membership-functions` option."
)


def _where_set(policy: Policy, clause: Span) -> Span:
    """The policy's definition, or the clause when an ALTER POLICY set it (outside it)."""
    span = policy.span
    if clause.path == span.path and span.start <= clause.start <= span.end:
        return span
    return clause
