"""Lookups and bookkeeping shared by the replay modules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from schemalint import ir
from schemalint.catalog import provenance
from schemalint.catalog.model import Catalog, Constraint, Index, Policy, Table
from schemalint.catalog.provenance import Change
from schemalint.frozen import replace
from schemalint.source import Span
from schemalint.tools.dialects import behaviour_of

INDEX_BACKED = frozenset({"primary_key", "unique", "exclude"})

TableKey = tuple[str, str]


def creation_schema(catalog: Catalog) -> str | None:
    """Where an unqualified CREATE goes: the first schema of the search path that exists.

    ``None`` when no schema of the path exists (e.g. ``SET search_path = ''``): PostgreSQL
    then fails with "no schema has been selected to create in", and the replay creates nothing.
    """
    for schema in catalog.search_path:
        if schema in catalog.schemas:
            return schema
    return None


def target_schema(catalog: Catalog, ref: ir.TableRef) -> str | None:
    """The schema a CREATE of ``ref`` lands in; an explicit unknown schema is adopted."""
    if ref.schema is None:
        return creation_schema(catalog)
    # Schemas the platform made (Supabase's auth, storage...) are not in the history: trust
    # the qualified name rather than drop the table.
    catalog.schemas.add(ref.schema)
    return ref.schema


def find_table(catalog: Catalog, ref: ir.TableRef) -> Table | None:
    return catalog.table(ref.schema, ref.name)


def resolve_reference(catalog: Catalog, ref: ir.TableRef) -> tuple[str, str]:
    """The (schema, name) a REFERENCES clause points at, resolved now with the search path.

    A table not (yet) known resolves to the creation schema, the best guess of where it is.
    """
    if ref.schema is not None:
        return ref.schema, ref.name
    table = catalog.table(None, ref.name)
    if table is not None:
        return table.key
    return creation_schema(catalog) or "public", ref.name


def put(catalog: Catalog, table: Table) -> None:
    # The key the table map keeps is the one ``index_owner`` holds for the table's indexes.
    catalog.tables[catalog.shared[table.key]] = table


def covered_keys(index: Index) -> list[str]:
    """The ``provenance.key`` properties a standalone index serves (none for a partial index
    whose WHERE says more than that key columns are not null)."""
    if not index.partial:
        return provenance.key_props(index.columns)
    if index.not_null_predicate:
        return provenance.key_props(index.columns, index.not_null_predicate)
    return []


def recorded(
    catalog: Catalog, table: Table, props: Sequence[str], span: Span
) -> tuple[Change, ...]:
    """``table.changes`` recording that the statement at ``span`` changed ``props``.

    For a table change that makes the new table anyway: ``with_changes(..., changes=...)``.
    """
    catalog.clock += 1
    return provenance.record(table.changes, props, span, catalog.clock)


def changed(catalog: Catalog, table: Table, props: Sequence[str], span: Span) -> Table:
    """``table`` recording that the statement at ``span`` changed ``props`` (provenance)."""
    return table.with_changes(changes=recorded(catalog, table, props, span))


def update_table(
    catalog: Catalog, ref: ir.TableRef, change: Callable[[Table], Table | None]
) -> None:
    """Apply ``change`` to the table ``ref`` names, if it is known; ``None`` means no change."""
    table = find_table(catalog, ref)
    if table is None:
        return
    changed = change(table)
    if changed is not None:
        put(catalog, changed)


def claim_index(catalog: Catalog, table: Table, name: str) -> None:
    """Record that index ``name`` belongs to ``table``, where index names are per schema.

    MySQL's index names are per table: two tables may both have an index ``email``, and every
    statement that names an index also names its table. There the table's own indexes are the
    only record, and ``index_owner`` stays empty.
    """
    if not behaviour_of(catalog.dialect).innodb_keys:
        catalog.index_owner[(table.schema, name)] = catalog.shared[table.key]


def index_names(table: Table) -> list[str]:
    """The names of the table's indexes: its own and its constraints' (``index_owner``
    holds the table for each, in the table's schema)."""
    names = [i.name for i in table.indexes]
    names.extend(c.name for c in table.constraints if c.kind in INDEX_BACKED)
    return names


def forget_constraint_index(catalog: Catalog, table: Table, constraint: Constraint) -> None:
    if constraint.kind in INDEX_BACKED:
        catalog.index_owner.pop((table.schema, constraint.name), None)


def referenced_by(constraint: Constraint, key: TableKey) -> bool:
    return constraint.kind == "foreign_key" and (constraint.ref_schema, constraint.ref_table) == key


def drop_foreign_keys(
    catalog: Catalog, key: TableKey, matches: Callable[[Constraint], bool], span: Span
) -> None:
    """Remove, from every table, the foreign keys to ``key`` for which ``matches`` holds
    (dropped along by the statement at ``span``)."""
    for other in list(catalog.tables.values()):
        gone = [c for c in other.constraints if referenced_by(c, key) and matches(c)]
        if gone:
            kept = tuple(c for c in other.constraints if c not in gone)
            props = foreign_key_props(gone)
            put(
                catalog,
                replace(other, constraints=kept, changes=recorded(catalog, other, props, span)),
            )


def foreign_key_props(constraints: Iterable[Constraint]) -> list[str]:
    """The ``provenance.foreign_key_removed`` properties of these constraints going away."""
    return [
        provenance.foreign_key_removed(column)
        for c in constraints
        if c.kind == "foreign_key"
        for column in c.columns
    ]


def retarget_foreign_keys(catalog: Catalog, old: TableKey, new: TableKey) -> None:
    """Foreign keys follow a renamed or moved table, as PostgreSQL's (by OID) do."""
    for other in list(catalog.tables.values()):
        if not any(referenced_by(c, old) for c in other.constraints):
            continue
        constraints = tuple(
            replace(c, ref_schema=new[0], ref_table=new[1]) if referenced_by(c, old) else c
            for c in other.constraints
        )
        put(catalog, replace(other, constraints=constraints))


def foreign_key_gone(catalog: Catalog, constraint: Constraint, span: Span) -> None:
    """Record on the table ``constraint`` referenced that this foreign key went away."""
    if constraint.kind != "foreign_key" or constraint.ref_table is None:
        return
    referenced = catalog.tables.get((constraint.ref_schema or "", constraint.ref_table))
    if referenced is not None:
        props = [provenance.referenced_by(c) for c in constraint.columns]
        put(catalog, changed(catalog, referenced, props, span))


def remove_table(catalog: Catalog, table: Table, *, cascade: bool, span: Span) -> None:
    """Drop a table with its indexes (by the statement at ``span``); other tables' foreign
    keys to it, their policies that read it and the views that read it go only with
    CASCADE."""
    catalog.tables.pop(table.key, None)
    for fk in table.foreign_keys:
        foreign_key_gone(catalog, fk, span)
    for name in index_names(table):
        if catalog.index_owner.get((table.schema, name)) == table.key:
            del catalog.index_owner[(table.schema, name)]
    if cascade:
        drop_foreign_keys(catalog, table.key, lambda _: True, span)
        drop_policies_reading(
            catalog, lambda p: any((s, n) == table.key for s, n, _ in p.other_columns), span
        )
        _drop_views_reading(catalog, table.key)


def drop_policies_reading(catalog: Catalog, reads: Callable[[Policy], bool], span: Span) -> None:
    """Other tables' policies whose sub-selects read what the statement at ``span`` drops (the
    policies ``reads`` says) go with it (CASCADE); that statement is where a table lost its
    last policy."""
    for other in list(catalog.tables.values()):
        kept = tuple(p for p in other.policies if not reads(p))
        if len(kept) != len(other.policies):
            if not kept:
                other = changed(catalog, other, [provenance.POLICIES], span)
            put(catalog, replace(other, policies=kept))


def drop_views_reading_column(catalog: Catalog, column: tuple[str, str, str]) -> None:
    """The views that read a dropped column go with it (CASCADE), and theirs in turn."""
    for view in [v for v in catalog.views.values() if column in v.columns]:
        if catalog.views.pop(view.key, None) is not None:
            _drop_views_reading(catalog, view.key)


def _drop_views_reading(catalog: Catalog, key: TableKey) -> None:
    """The views that read a dropped relation go with it (CASCADE), and theirs in turn."""
    for view in [v for v in catalog.views.values() if key in v.reads]:
        if catalog.views.pop(view.key, None) is not None:
            _drop_views_reading(catalog, view.key)


def find_index(
    catalog: Catalog, schema: str | None, name: str, on: ir.TableRef | None = None
) -> tuple[str, Table] | None:
    """The schema and owning table of index ``name`` (unqualified: along the search path).

    In MySQL the statement names the table (``DROP INDEX i ON t``), and only its indexes count.
    """
    if behaviour_of(catalog.dialect).innodb_keys:
        table = find_table(catalog, on) if on is not None else None
        if table is None:
            return None
        return (table.schema, table) if name in index_names(table) else None
    schemas = (schema,) if schema is not None else catalog.search_path
    for candidate in schemas:
        owner = catalog.index_owner.get((candidate, name))
        if owner is not None:
            table = catalog.tables.get(owner)
            if table is not None:
                return candidate, table
    return None
