"""SL701 missing-audit-trigger: a tenant-scoped table whose changes nobody records."""

from __future__ import annotations

from schemalint.catalog import provenance
from schemalint.catalog.model import Table
from schemalint.catalog.provenance import Change
from schemalint.findings import Help, Severity
from schemalint.rules._naming import (
    backticked,
    listed,
    quote_identifier,
    sql_table_name,
    table_label,
)
from schemalint.rules._tenancy import function_matches, tenant_columns
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule


class MissingAuditTriggerOptions(RuleOptions):
    # The functions an audit trigger runs (``audit.log_change``); empty: the rule is off.
    audit_functions: tuple[str, ...] = ()
    # Tenant-scoped tables that are not audited, as ``name`` or ``schema.name``.
    exempt: tuple[str, ...] = ()


class MissingAuditTrigger(SchemaRule[MissingAuditTriggerOptions]):
    code = "SL701"
    name = "missing-audit-trigger"
    severity = Severity.WARNING
    summary = "Flags a tenant-scoped table with no trigger calling the audit function"
    options_model = MissingAuditTriggerOptions
    # Only a replayed PostgreSQL history has triggers (Prisma schemas cannot express them).
    dialects = frozenset({"postgres"})

    def check(self, ctx: SchemaContext[MissingAuditTriggerOptions]) -> None:
        functions = ctx.options.audit_functions
        if not functions:
            return
        for table in ctx.tables():
            if (
                not tenant_columns(table, ctx.settings.tenant_columns)
                or listed(ctx.options.exempt, table.schema, table.name)
                or function_matches((t.function for t in table.triggers), functions)
            ):
                continue
            names = (quote_identifier(f"{table.name}_audit"), sql_table_name(table), functions[0])
            change = self._made_true(table, functions, ctx.settings.tenant_columns)
            ctx.report(
                provenance.made_at(change, table.name_span),
                f"Tenant-scoped table `{table_label(table)}` has no trigger calling "
                f"{backticked(functions, 'or')}",
                help=Help(_HELP, names),
                defined=table.name_span,
            )

    @staticmethod
    def _made_true(
        table: Table, functions: tuple[str, ...], tenant: tuple[str, ...]
    ) -> Change | None:
        """The DROP TRIGGER that removed the last audit trigger, or the statement that gave
        the table its tenant column, whichever came last."""
        changes = [
            change
            for function, change in provenance.removed_triggers(table.changes)
            if function_matches((function,), functions)
        ]
        arrived = table.latest(*(provenance.column(c.name) for c in tenant_columns(table, tenant)))
        if arrived is not None:
            changes.append(arrived)
        return max(changes, key=lambda c: c.order, default=None)


# ``{0}``: the trigger's name; ``{1}``: the table as SQL; ``{2}``: the first audit function.
_HELP = (
    "Changes to tenant data must leave an audit trail: who changed which row, when, from what to "
    "what. Without the trigger, changes to this table are not recorded. Add `CREATE TRIGGER {0} "
    "AFTER INSERT OR UPDATE OR DELETE ON {1} FOR EACH ROW EXECUTE FUNCTION {2}()`."
)
