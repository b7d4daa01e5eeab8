"""SL107 unique-without-tenant-column: a unique key that spans every tenant."""

from __future__ import annotations

from schemalint.catalog import provenance
from schemalint.catalog.model import Constraint, Index, Table
from schemalint.findings import Help, Severity
from schemalint.rules._naming import backticked, code, fold, listed, quote_identifier, table_label
from schemalint.rules._tenancy import (
    describe_key,
    key_columns,
    prisma_fields,
    references_any,
    tenant_columns,
    unique_keys,
)
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule


class UniqueWithoutTenantColumnOptions(RuleOptions):
    # Tables whose unique keys are global by design, as ``name`` or ``schema.name``.
    exempt: tuple[str, ...] = ()


class UniqueWithoutTenantColumn(SchemaRule[UniqueWithoutTenantColumnOptions]):
    code = "SL107"
    name = "unique-without-tenant-column"
    severity = Severity.WARNING
    summary = (
        "Flags a unique constraint or index on a tenant-scoped table that does not include "
        "the tenant column"
    )
    options_model = UniqueWithoutTenantColumnOptions
    origins = frozenset({"sql", "prisma"})

    def check(self, ctx: SchemaContext[UniqueWithoutTenantColumnOptions]) -> None:
        wanted = ctx.settings.tenant_columns
        scoped = {t.key for t in ctx.catalog if tenant_columns(t, wanted)}
        for table in ctx.tables():
            tenants = tenant_columns(table, wanted)
            if not tenants or listed(ctx.options.exempt, table.schema, table.name):
                continue
            folded = {fold(c.name) for c in tenants}
            pk = table.primary_key
            # Columns that hold a whole key of the table (the primary key: unique per row
            # anyway) or reference a tenant-scoped row (whose tenant is fixed).
            scoping = [pk.columns] if pk else []
            scoping.extend(fk.columns for fk in table.foreign_keys if references_any(fk, scoped))
            for key in unique_keys(table):
                columns = key_columns(key)
                if any(fold(name) in folded for name in columns) or any(
                    set(held) <= set(columns) for held in scoping if held
                ):
                    continue
                self._report(ctx, table, key, columns, tenants[0].name)

    def _report(
        self,
        ctx: SchemaContext[UniqueWithoutTenantColumnOptions],
        table: Table,
        key: Constraint | Index,
        columns: tuple[str, ...],
        tenant: str,
    ) -> None:
        names = tenant_columns(table, ctx.settings.tenant_columns)
        shown = backticked(columns, "and") if columns else "an expression"
        if table.origin == "prisma":
            advice = Help(_PRISMA_HELP, (prisma_fields(table, (tenant, *columns)),))
        else:
            quoted = ", ".join(
                quote_identifier(c, ctx.settings.dialect) for c in (tenant, *columns)
            )
            advice = Help(_SQL_HELP, (code(f"({quoted})"),))
        # Made true where the table became tenant-scoped, or where a foreign key that fixed
        # the key's tenant went away; never before the key itself was made.
        change = table.latest(
            *(provenance.column(c.name) for c in names),
            *(provenance.foreign_key_removed(c) for c in columns),
        )
        ctx.report(
            provenance.made_at(change, key.span, key.order),
            f"{describe_key(key)} on `{table_label(table)}` ({shown}) does not include the "
            f"tenant column {backticked((c.name for c in names), 'or')}",
            help=advice,
            defined=key.span,
        )


_WHY = (
    "The key is unique across all tenants: a value one tenant uses (a slug, a name, an email) "
    "cannot be used by any other, and the error tells the second tenant that the first one has "
    "it. "
)
_UNLESS = " If the value is global by design (an external id), suppress the finding with a reason."
# ``{0}``: the Prisma fields of the key with the tenant's first.
_PRISMA_HELP = _WHY + "Make it `@@unique([{0}])`." + _UNLESS
# ``{0}``: the key's columns with the tenant's first, as SQL in backticks.
_SQL_HELP = _WHY + "Make the key {0}." + _UNLESS
