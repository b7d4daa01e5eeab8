"""SL102 table-without-rls: a table in an exposed schema without row level security."""

from __future__ import annotations

from schemalint.catalog import provenance
from schemalint.catalog.model import Table
from schemalint.findings import Help, Severity
from schemalint.rules._naming import sql_table_name, table_label
from schemalint.rules._policies import exposed_schemas
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule
from schemalint.source import Span


def finding_span(table: Table) -> Span:
    """Where the finding is: the DISABLE ROW LEVEL SECURITY, or the SET SCHEMA that exposed the
    table, else its definition."""
    return provenance.made_at(table.latest(provenance.RLS, provenance.SCHEMA), table.name_span)


class TableWithoutRlsOptions(RuleOptions):
    # None: the project-wide exposed schemas (``exposed-schemas`` in the config).
    exposed_schemas: tuple[str, ...] | None = None


class TableWithoutRls(SchemaRule[TableWithoutRlsOptions]):
    code = "SL102"
    # A new migration clears it (``schemalint fix``, ``fix_steps``).
    fixable = True
    name = "table-without-rls"
    severity = Severity.ERROR
    summary = (
        "Flags a table in an exposed schema (`public`) that does not enable row level security"
    )
    options_model = TableWithoutRlsOptions
    dialects = frozenset({"postgres"})
    security_severity = 9.1

    def check(self, ctx: SchemaContext[TableWithoutRlsOptions]) -> None:
        exposed = exposed_schemas(ctx.settings, ctx.options.exposed_schemas)
        for table in ctx.tables():
            if table.schema in exposed and not table.rls_enabled:
                label = table_label(table)
                ctx.report(
                    finding_span(table),
                    f"Table `{label}` is in the exposed schema `{table.schema}` "
                    "without row level security",
                    help=Help(_HELP, (sql_table_name(table), _partition_note(table))),
                    defined=table.name_span,
                )


# ``{0}``: the table as SQL; ``{1}``: what a partition adds (see ``_partition_note``).
_HELP = (
    "The API serves every table of an exposed schema to any client holding "
    "the public key; without row level security every row is readable and "
    "writable. Add `ALTER TABLE {0} ENABLE ROW LEVEL SECURITY;` and "
    "policies that scope rows to the user's tenant.{1}"
)


def _partition_note(table: Table) -> str:
    if not table.partition or not table.parents:
        return ""
    parent = ".".join(table.parents[0]) if table.parents[0][0] != "public" else table.parents[0][1]
    return (
        f" A partition has its own row level security: the setting and policies of `{parent}` "
        "apply to queries through the parent only, and the API serves the partition as a "
        "table of its own."
    )
