"""SL101 missing-tenant-column: a table with none of the tenant columns."""

from __future__ import annotations

from collections.abc import Iterable

from schemalint.catalog import provenance
from schemalint.catalog.model import Catalog
from schemalint.findings import Severity
from schemalint.rules._naming import (
    backticked,
    find_column,
    fold,
    is_prisma_join_table,
    listed,
    table_label,
)
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule


class MissingTenantColumnOptions(RuleOptions):
    # None: the project-wide tenant columns (``tenant-columns`` in the config).
    columns: tuple[str, ...] | None = None
    # Tables that are global by design, as ``name`` or ``schema.name``.
    exempt: tuple[str, ...] = ()


def tenant_roots(catalog: Catalog, tenant_columns: Iterable[str]) -> set[tuple[str | None, str]]:
    """Tables some foreign key from a tenant column points at (``organizations``...)."""
    folded = {fold(name) for name in tenant_columns}
    roots: set[tuple[str | None, str]] = set()
    for table in catalog:
        for fk in table.foreign_keys:
            if fk.ref_table is not None and any(fold(c) in folded for c in fk.columns):
                roots.add((fk.ref_schema, fk.ref_table))
    return roots


class MissingTenantColumn(SchemaRule[MissingTenantColumnOptions]):
    code = "SL101"
    name = "missing-tenant-column"
    severity = Severity.ERROR
    summary = (
        "Flags a table that has none of the tenant columns (`organization_id`, `workspace_id`)"
    )
    options_model = MissingTenantColumnOptions
    origins = frozenset({"sql", "prisma"})

    def check(self, ctx: SchemaContext[MissingTenantColumnOptions]) -> None:
        columns = ctx.options.columns or ctx.settings.tenant_columns
        if not columns:
            return
        roots = tenant_roots(ctx.catalog, columns)
        for table in ctx.tables():
            if (
                find_column(table, columns) is not None
                or listed(ctx.options.exempt, table.schema, table.name)
                or (table.schema, table.name) in roots
                or (None, table.name) in roots
                or is_prisma_join_table(table)
            ):
                continue
            # Made true by the DROP / RENAME COLUMN that removed the last tenant column, or by
            # the statement that removed the last tenant key to it (it was a tenant root).
            change = table.latest(
                *map(provenance.column, columns), *map(provenance.referenced_by, columns)
            )
            ctx.report(
                change.span if change else table.name_span,
                f"Table `{table_label(table)}` has no tenant column ({backticked(columns)})",
                help=(
                    "Every tenant-scoped row must say which tenant owns it, so that queries and "
                    "row level security policies can keep tenants apart. Add the tenant column "
                    f"(e.g. `{columns[0]}` with a foreign key to its table); if the table is "
                    "global by design, list it under this rule's `exempt` option."
                ),
                defined=table.name_span,
            )
