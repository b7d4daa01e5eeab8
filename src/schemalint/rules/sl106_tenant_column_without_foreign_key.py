"""SL106 tenant-column-without-foreign-key: a tenant column that references no tenant root."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from schemalint.catalog import provenance
from schemalint.catalog.model import Catalog, Column, Table
from schemalint.findings import Help, Severity
from schemalint.rules._naming import (
    backticked,
    code,
    fold,
    listed,
    quote_identifier,
    sql_table_name,
    table_label,
)
from schemalint.rules._tenancy import (
    TenantRoots,
    references_any,
    tenant_columns,
    tenant_roots,
)
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule
from schemalint.source import Span
from schemalint.tools.dialects import behaviour_of

# The message and the help share their names (built when reported): ``{0}`` the column,
# ``{1}`` its table, ``{2}`` the tenant tables; ``{3}`` how to add the key, or the SQL names
# of ``ALTER TABLE {3} ADD CONSTRAINT {4} FOREIGN KEY ({5}) REFERENCES {6} ({7})``.
_MESSAGE = "Tenant column `{0}` of `{1}` has no foreign key to {2}"
_WHY = (
    "Without a foreign key any value is accepted: a typo'd or stale tenant "
    "id puts the row in no tenant at all (or in someone else's), and "
    "deleting a tenant leaves its rows behind. "
)
_HELP = _WHY + "{3}"
_HELP_ALTER = (
    _WHY + "Add it: `ALTER TABLE {3} ADD CONSTRAINT {4} FOREIGN KEY ({5}) REFERENCES {6} ({7})`."
)


class TenantColumnWithoutForeignKeyOptions(RuleOptions):
    # Tables whose tenant column deliberately has no foreign key, as ``name`` or ``schema.name``.
    exempt: tuple[str, ...] = ()


def _has_root_key(table: Table, column: Column, roots: TenantRoots) -> bool:
    """Whether a foreign key holding ``column`` points at a root, or carries the column over
    to the same tenant column of the referenced row (``(workspace_id, project_id) REFERENCES
    projects (workspace_id, id)``: the row's tenant is its project's)."""
    for fk in table.foreign_keys:
        if column.name not in fk.columns:
            continue
        if references_any(fk, roots.keys):
            return True
        if len(fk.ref_columns) == len(fk.columns):
            paired = fk.ref_columns[fk.columns.index(column.name)]
            if fold(paired) == fold(column.name):
                return True
    return False


def unkeyed(
    catalog: Catalog,
    tenant_column_names: tuple[str, ...],
    tenant_root_names: tuple[str, ...],
    tables: Iterable[Table] | None = None,
    roots: TenantRoots | None = None,
) -> Iterator[tuple[Table, Column, list[Table], Span]]:
    """Each tenant column without a key to its root: its table, the column, the tables it
    should reference (one, unless several roots claim the column), and where it is reported
    (``roots``: the rules' shared tenant roots, when the caller has them).
    ``schemalint fix`` asks the same, to find the finding it clears."""
    if roots is None:
        roots = tenant_roots(catalog, tenant_column_names, tenant_root_names)
    for table in catalog.tables.values() if tables is None else tables:
        for column in tenant_columns(table, tenant_column_names):
            if _has_root_key(table, column, roots):
                continue
            targets = [
                catalog.tables[key]
                for key in roots.for_column(column.name)
                if key in catalog.tables and key != table.key
            ]
            if not targets and roots.for_column(column.name):
                continue  # the column's own table is its root (a self-reference)
            # Made true where the column arrived, or where its foreign key went away.
            change = table.latest(
                provenance.column(column.name), provenance.foreign_key_removed(column.name)
            )
            yield table, column, targets, provenance.made_at(change, column.span)


class TenantColumnWithoutForeignKey(SchemaRule[TenantColumnWithoutForeignKeyOptions]):
    code = "SL106"
    # A new migration clears it on PostgreSQL (``schemalint fix``, ``fix_steps``).
    fixable = True
    name = "tenant-column-without-foreign-key"
    severity = Severity.ERROR
    summary = "Flags a tenant column that has no foreign key to its tenant table"
    options_model = TenantColumnWithoutForeignKeyOptions
    origins = frozenset({"sql", "prisma"})

    def check(self, ctx: SchemaContext[TenantColumnWithoutForeignKeyOptions]) -> None:
        settings = ctx.settings
        roots = ctx.tenant_roots(settings.tenant_columns)
        for table, column, targets, span in unkeyed(
            ctx.catalog, settings.tenant_columns, settings.tenant_roots, ctx.tables(), roots
        ):
            if listed(ctx.options.exempt, table.schema, table.name):
                continue
            named = backticked((table_label(t) for t in targets), "or") or "its tenant table"
            how = self._how(ctx, table, column, targets)
            args = (column.name, table_label(table), named, *how)
            ctx.report(
                span,
                Help(_MESSAGE, args),
                help=Help(_HELP if len(how) == 1 else _HELP_ALTER, args),
                defined=column.span,
            )

    def _how(
        self,
        ctx: SchemaContext[TenantColumnWithoutForeignKeyOptions],
        table: Table,
        column: Column,
        targets: list[Table],
    ) -> tuple[str, ...]:
        """How to add the key: the advice, or the SQL names of the ``ALTER TABLE`` that adds
        it (``_HELP_ALTER``'s, when its text needs no double backticks)."""
        root = targets[0] if targets else None
        pk = root.primary_key if root else None
        ref_column = pk.columns[0] if pk and len(pk.columns) == 1 else "id"
        if table.origin == "prisma":
            source = ctx.source(root.span.path) if root else None
            span = root.name_span if root else None
            model = source.text[span.start : span.end] if source and span else "Tenant"
            field = column.field or column.name
            relation = model[:1].lower() + model[1:]
            return (
                f"Add the relation `{relation} {model} @relation(fields: [{field}], "
                f"references: [{ref_column}])` to the model.",
            )
        dialect = ctx.settings.dialect
        target = sql_table_name(root, dialect) if root else "<tenant table>"
        name = quote_identifier(f"{table.name}_{column.name}_fkey", dialect)
        quoted_column = quote_identifier(column.name, dialect)
        quoted_ref = quote_identifier(ref_column, dialect)
        key = f"FOREIGN KEY ({quoted_column}) REFERENCES {target} ({quoted_ref})"
        if behaviour_of(dialect).rebuilds_tables:
            return (
                f"{behaviour_of(dialect).label} cannot add one to an existing table: rebuild the table with "
                f"{code(key)} in its definition.",
            )
        names = (sql_table_name(table, dialect), name, quoted_column, target, quoted_ref)
        if any("`" in part for part in names):
            statement = f"ALTER TABLE {names[0]} ADD CONSTRAINT {name} {key}"
            return (f"Add it: {code(statement)}.",)
        return names
