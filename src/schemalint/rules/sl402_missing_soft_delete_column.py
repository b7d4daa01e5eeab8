"""SL402 missing-soft-delete-column: a tenant-scoped table without the soft-delete column."""

from __future__ import annotations

from schemalint.catalog import provenance
from schemalint.catalog.model import Column, Table
from schemalint.findings import Severity
from schemalint.rules._naming import find_column, listed, table_subject
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule
from schemalint.source import Span


class MissingSoftDeleteColumnOptions(RuleOptions):
    # None: the project-wide soft-delete column (``soft-delete-column`` in the config).
    column: str | None = None
    # Tenant-scoped tables whose rows are never deleted at all (append-only logs).
    exempt: tuple[str, ...] = ()


def finding_span(table: Table, wanted: str, tenant: Column) -> Span:
    """Where the finding is: the DROP / RENAME of the soft-delete column ``wanted``, or the
    tenant column's arrival, else the table's definition."""
    change = table.latest(provenance.column(wanted), provenance.column(tenant.name))
    return provenance.made_at(change, table.name_span)


def _how_to_add(column: str, origin: str) -> str:
    if origin == "prisma":
        head, *rest = column.split("_")
        field = head + "".join(part.capitalize() for part in rest)
        mapped = f' @map("{column}")' if field != column else ""
        return f"Add the field `{field} DateTime?{mapped}` to the model."
    return f"Add a nullable `{column} timestamptz` column to the table."


class MissingSoftDeleteColumn(SchemaRule[MissingSoftDeleteColumnOptions]):
    code = "SL402"
    # A new migration clears it (``schemalint fix``, ``fix_steps``).
    fixable = True
    name = "missing-soft-delete-column"
    severity = Severity.WARNING
    summary = "Flags a tenant-scoped table that has no soft-delete column (`deleted_at`)"
    options_model = MissingSoftDeleteColumnOptions
    origins = frozenset({"sql", "prisma"})

    def check(self, ctx: SchemaContext[MissingSoftDeleteColumnOptions]) -> None:
        wanted = ctx.options.column or ctx.settings.soft_delete_column
        # The same for every table of an origin: by whether it is a Prisma model.
        advice = (_HELP + _how_to_add(wanted, "sql"), _HELP + _how_to_add(wanted, "prisma"))
        for table in ctx.tables():
            tenant = find_column(table, ctx.settings.tenant_columns)
            if (
                tenant is None
                or find_column(table, (wanted,)) is not None
                or listed(ctx.options.exempt, table.schema, table.name)
            ):
                continue
            ctx.report(
                finding_span(table, wanted, tenant),
                f"Tenant-scoped {table_subject(table, ctx.text(table.span.path), 'table')} has no "
                f"`{wanted}` column",
                help=advice[table.origin == "prisma"],
                defined=table.name_span,
            )


_HELP = (
    "Tenant data is soft-deleted: rows get a deletion timestamp instead of disappearing, so they "
    "can be restored and audited. "
)
