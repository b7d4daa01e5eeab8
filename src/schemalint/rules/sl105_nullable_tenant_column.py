"""SL105 nullable-tenant-column: a tenant column that admits rows without a tenant."""

from __future__ import annotations

from schemalint.catalog import provenance
from schemalint.catalog.model import Column, Table
from schemalint.findings import Help, Severity
from schemalint.rules._naming import code, listed, quote_identifier, sql_table_name, table_label
from schemalint.rules._tenancy import tenant_columns
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule
from schemalint.tools.dialects import behaviour_of

# ``{0}``: how to make the column NOT NULL.
_HELP = (
    "A row without a tenant belongs to no tenant, or to every tenant, "
    "depending on how each policy and query compares the column: it "
    "either disappears or leaks. {0}"
)


class NullableTenantColumnOptions(RuleOptions):
    # Tables whose tenant column may be empty by design, as ``name`` or ``schema.name``.
    exempt: tuple[str, ...] = ()


def _set_not_null(table: Table, column: Column, dialect: str) -> str:
    name = sql_table_name(table, dialect)
    quoted = quote_identifier(column.name, dialect)
    behaviour = behaviour_of(dialect)
    if behaviour.rebuilds_tables:
        return (
            f"rebuild the table with the column NOT NULL ({behaviour.label} cannot alter a column)."
        )
    if behaviour.modify_column:
        return code(f"ALTER TABLE {name} MODIFY {quoted} {column.type_name} NOT NULL") + "."
    return code(f"ALTER TABLE {name} ALTER COLUMN {quoted} SET NOT NULL") + "."


class NullableTenantColumn(SchemaRule[NullableTenantColumnOptions]):
    code = "SL105"
    name = "nullable-tenant-column"
    severity = Severity.ERROR
    summary = "Flags a tenant column (`organization_id`, `workspace_id`) that is nullable"
    options_model = NullableTenantColumnOptions
    origins = frozenset({"sql", "prisma"})

    def check(self, ctx: SchemaContext[NullableTenantColumnOptions]) -> None:
        dialect = ctx.settings.dialect
        for table in ctx.tables():
            if listed(ctx.options.exempt, table.schema, table.name):
                continue
            for column in tenant_columns(table, ctx.settings.tenant_columns):
                if column.not_null:
                    continue
                if table.origin == "prisma":
                    field = column.field or column.name
                    how = (
                        f"Make the field `{field}` required (drop the `?` after its type, and "
                        "after its relation field's type)."
                    )
                else:
                    how = "Give the rows without one their tenant, then " + _set_not_null(
                        table, column, dialect
                    )
                # The DROP NOT NULL, or the RENAME that made it a tenant column.
                change = table.latest(
                    provenance.not_null(column.name), provenance.column(column.name)
                )
                ctx.report(
                    provenance.made_at(change, column.span),
                    f"Tenant column `{column.name}` of `{table_label(table)}` is nullable",
                    help=Help(_HELP, (how,)),
                    defined=column.span,
                )
