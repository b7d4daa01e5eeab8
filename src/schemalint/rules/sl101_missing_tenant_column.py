"""SL101 missing-tenant-column: a table with none of the tenant columns."""

from __future__ import annotations

from schemalint.catalog import provenance
from schemalint.catalog.model import Table
from schemalint.findings import Help, Severity
from schemalint.rules._naming import (
    backticked,
    find_column,
    fold,
    is_prisma_join_table,
    listed,
    table_label,
    table_subject,
)
from schemalint.rules._tenancy import TableKey
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule


class MissingTenantColumnOptions(RuleOptions):
    # None: the project-wide tenant columns (``tenant-columns`` in the config).
    columns: tuple[str, ...] | None = None
    # Tables that are global by design, as ``name`` or ``schema.name``.
    exempt: tuple[str, ...] = ()
    # A table with a NOT NULL foreign key to a tenant-scoped table is scoped through it.
    inherit_through_foreign_keys: bool = False
    # Tables made of two NOT NULL foreign keys plus bookkeeping columns are exempt.
    junction_tables: bool = True
    # Besides timestamps and columns with a default, what a junction table may also hold.
    bookkeeping_columns: tuple[str, ...] = ("id",)


# A link of a tenancy chain: the table's foreign key columns and the table they reference.
_Link = tuple[tuple[str, ...], TableKey]


def _inherited(
    tables: dict[TableKey, Table], scoped: set[TableKey], *, strict: bool
) -> dict[TableKey, _Link]:
    """Tables reaching a scoped table through foreign keys, with the first link of each chain.

    ``strict``: only foreign keys whose columns are all NOT NULL count.
    """
    links: dict[TableKey, _Link] = {}
    # Only a table with a foreign key can be reached: the loop repeats over those alone.
    linked = [(key, table, fks) for key, table in tables.items() if (fks := table.foreign_keys)]
    if not linked:
        return links
    reached = set(scoped)
    by_name: dict[str, TableKey] = {}
    for key in tables:
        by_name.setdefault(key[1], key)
    changed = True
    while changed:
        changed = False
        for key, table, fks in linked:
            if key in reached:
                continue
            for fk in fks:
                target = _target(tables, by_name, fk.ref_schema, fk.ref_table)
                if target is None or target not in reached or not fk.columns:
                    continue
                columns = [table.column(name) for name in fk.columns]
                if strict and not all(c is not None and c.not_null for c in columns):
                    continue
                links[key] = (fk.columns, target)
                reached.add(key)
                changed = True
                break
    return links


def _target(
    tables: dict[TableKey, Table],
    by_name: dict[str, TableKey],
    schema: str | None,
    name: str | None,
) -> TableKey | None:
    """The referenced table's key (a Prisma relation's schema may be unresolved)."""
    if name is None:
        return None
    if schema is not None:
        return (schema, name) if (schema, name) in tables else None
    return by_name.get(name)


def _chain(
    tables: dict[TableKey, Table],
    links: dict[TableKey, _Link],
    start: TableKey,
    columns: tuple[str, ...],
) -> str:
    """``comments.post_id → posts.workspace_id``: the chain from ``start`` to its tenant."""
    parts: list[str] = []
    key = start
    while key in links and len(parts) <= len(links):
        fk_columns, target = links[key]
        parts.append(f"{table_label(tables[key])}.{', '.join(fk_columns)}")
        key = target
    tenant = find_column(tables[key], columns)
    # A chain may end at a tenant root itself (``organizations``): it has no tenant column.
    parts.append(table_label(tables[key]) + (f".{tenant.name}" if tenant else ""))
    return "`" + " → ".join(parts) + "`"


def is_junction_table(table: Table, bookkeeping: tuple[str, ...]) -> bool:
    """Two NOT NULL foreign keys, and otherwise only bookkeeping: ids, timestamps, defaults."""
    fks = table.foreign_keys
    if len(fks) != 2:
        return False
    fk_columns = {name for fk in fks for name in fk.columns}
    folded = {fold(name) for name in bookkeeping}
    for column in table.columns:
        if column.name in fk_columns:
            if not column.not_null:
                return False
        elif not (
            column.has_default
            or fold(column.name) in folded
            or column.type_name.lower().startswith(("timestamp", "datetime"))
        ):
            return False
    return True


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
        options = ctx.options
        columns = options.columns or ctx.settings.tenant_columns
        if not columns:
            return
        roots = ctx.tenant_roots(columns)
        tables = {table.key: table for table in ctx.catalog}
        # A foreign key to a tenant root carries the tenant as well as one to a scoped table.
        scoped = {key for key, table in tables.items() if find_column(table, columns)}
        scoped |= roots.keys
        strict = _inherited(tables, scoped, strict=True)
        loose = _inherited(tables, scoped, strict=False)
        # The same for every table (a catalog may hold tens of thousands without the column).
        props = (*map(provenance.column, columns), *map(provenance.referenced_by, columns))
        listed_columns = backticked(columns)
        advice = _HELP.format(columns[0])
        for table in ctx.tables():
            if (
                table.key in scoped
                # A partition's columns are its parent's: the parent's finding is the one.
                or table.partition
                or listed(options.exempt, table.schema, table.name)
                or roots.is_root(table)
                or is_prisma_join_table(table)
                or (
                    options.junction_tables
                    and is_junction_table(table, options.bookkeeping_columns)
                )
                or (options.inherit_through_foreign_keys and table.key in strict)
            ):
                continue
            # Made true by the DROP / RENAME COLUMN that removed the last tenant column, or by
            # the statement that removed the last tenant key to it (it was a tenant root).
            change = table.latest(*props)
            ctx.report(
                provenance.made_at(change, table.name_span),
                f"{table_subject(table, ctx.text(table.span.path))} has no tenant column "
                f"({listed_columns})",
                help=self._help(advice, tables, table, columns, strict, loose),
                defined=table.name_span,
            )

    def _help(
        self,
        advice: str,
        tables: dict[TableKey, Table],
        table: Table,
        columns: tuple[str, ...],
        strict: dict[TableKey, _Link],
        loose: dict[TableKey, _Link],
    ) -> str | Help:
        """``advice`` (``_HELP`` for the run's tenant columns), or the same with the chain of
        foreign keys that links ``table`` to a tenant."""
        if table.key in strict:
            return Help(_STRICT, (columns[0], _chain(tables, strict, table.key, columns)))
        if table.key in loose:
            return Help(_LOOSE, (columns[0], _chain(tables, loose, table.key, columns)))
        return advice


# ``{0}``: the first tenant column.
_HELP = (
    "Every tenant-scoped row must say which tenant owns it, so that queries and row level "
    "security policies can keep tenants apart. Add the tenant column (e.g. `{0}` with a foreign "
    "key to its table); if the table is global by design, list it under this rule's `exempt` "
    "option. If your tenant column has another name, set `tenant-columns` in the config (or "
    "this rule's `columns` option)."
)
# ``{1}``: the chain of foreign keys from the table to a tenant (``_chain``).
_STRICT = (
    _HELP + " It reaches a tenant through {1}: if that is how it is scoped, set "
    "`inherit-through-foreign-keys = true`."
)
_LOOSE = (
    _HELP + " It is linked to a tenant ({1}), but through a nullable foreign key: a row without "
    "it has no tenant, so it does not inherit one."
)
