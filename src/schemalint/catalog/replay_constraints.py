"""Replay of constraints and indexes: naming, USING INDEX, drops and renames.

PostgreSQL names the constraints of one statement in a fixed order, which decides who gets
``_check`` and who ``_check1``: CHECK constraints first, then the index-backed ones (the
PRIMARY KEY before the UNIQUE and EXCLUDE ones), then FOREIGN KEYs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from schemalint import ir
from schemalint.catalog import dialects, provenance
from schemalint.catalog.model import Catalog, Column, Constraint, Index, Table
from schemalint.catalog.replay_names import (
    choose_constraint_name,
    choose_relation_name,
    index_column_names,
    index_name_taken,
    join_names,
)
from schemalint.catalog.replay_support import (
    INDEX_BACKED,
    changed,
    claim_index,
    covered_keys,
    drop_foreign_keys,
    find_index,
    find_table,
    foreign_key_gone,
    foreign_key_props,
    forget_constraint_index,
    put,
    resolve_reference,
)
from schemalint.catalog.views import AUTH_USERS
from schemalint.frozen import replace
from schemalint.source import Span
from schemalint.tools.dialects import behaviour_of

_ORDER = {"check": 0, "primary_key": 1, "unique": 2, "exclude": 2, "foreign_key": 3}
_LABELS = {"primary_key": "pkey", "unique": "key", "exclude": "excl"}


# The primary keys of tables a platform makes before the first migration, which a history
# references without a column list: Supabase's ``auth.users (id uuid PRIMARY KEY)``.
PLATFORM_PRIMARY_KEYS: Mapping[tuple[str, str], tuple[str, ...]] = MappingProxyType(
    {AUTH_USERS: ("id",)}
)


def naming_order(defs: Sequence[ir.ConstraintDef]) -> list[ir.ConstraintDef]:
    """The constraints of one statement in the order PostgreSQL names them."""
    if len(defs) < 2:  # most statements: no order to find
        return list(defs)
    return sorted(defs, key=lambda d: (_ORDER[d.kind], d.span.start))


def merge_duplicate_keys(defs: Sequence[ir.ConstraintDef]) -> list[ir.ConstraintDef]:
    """Drop UNIQUE/PRIMARY KEY definitions on the same columns as an earlier one.

    In CREATE TABLE, PostgreSQL builds one index for identical key definitions; an unnamed
    survivor takes the name of the duplicate it absorbed.
    """
    kept: list[ir.ConstraintDef] = []
    for definition in defs:
        if definition.kind in ("primary_key", "unique") and definition.using_index is None:
            twin = next(
                (
                    i
                    for i, prior in enumerate(kept)
                    if prior.kind in ("primary_key", "unique")
                    and prior.columns == definition.columns
                ),
                None,
            )
            if twin is not None:
                if kept[twin].name is None and definition.name is not None:
                    kept[twin] = replace(kept[twin], name=definition.name)
                continue
        kept.append(definition)
    return kept


def add_constraint(
    catalog: Catalog,
    table: Table,
    definition: ir.ConstraintDef,
    statement: Span | None = None,
    *,
    record: bool = False,
) -> Table:
    """Add one constraint to ``table`` (already in the catalog); return the new table state.

    ``statement`` is the span of the statement that makes it (``Constraint.statement_span``).
    ``record``: the table existed before that statement; its provenance records the addition.
    """
    added = _add_constraint(catalog, table, definition, statement)
    if record and statement is not None and len(added.constraints) > len(table.constraints):
        props = [provenance.constraint(c.name) for c in added.constraints[len(table.constraints) :]]
        added = _store(catalog, changed(catalog, added, props, statement))
    return added


def _add_constraint(
    catalog: Catalog, table: Table, definition: ir.ConstraintDef, statement: Span | None
) -> Table:
    if definition.using_index is not None:
        return _add_using_index(catalog, table, definition, statement)
    if definition.kind in INDEX_BACKED:
        return _add_index_backed(catalog, table, definition, definition.columns, statement)
    columns = definition.columns
    if definition.kind == "check":
        # A CHECK's columns are those its expression reads, as in pg_constraint.conkey:
        # they name it and decide which DROP COLUMN takes it along.
        columns = tuple(name for name in definition.reads if table.column(name) is not None)
    if definition.name is not None:
        if table.constraint(definition.name) is not None:
            return table  # PostgreSQL: constraint already exists
        name = definition.name
    elif definition.kind == "check":
        column = columns[0] if len(columns) == 1 else None
        name = choose_constraint_name(catalog, table.schema, table.name, column, "check")
    else:
        addition = join_names(columns)
        name = choose_constraint_name(catalog, table.schema, table.name, addition, "fkey")
    references = definition.references
    reference = None
    if definition.kind == "foreign_key" and references is not None:
        ref_key = resolve_reference(catalog, references.table)
        ref_columns = references.columns
        if not ref_columns:
            target = catalog.tables.get(ref_key)
            primary_key = target.primary_key if target is not None else None
            if primary_key is not None:
                ref_columns = primary_key.columns
            elif target is None:
                ref_columns = PLATFORM_PRIMARY_KEYS.get(ref_key, ())
        reference = (*ref_key, ref_columns, references.on_delete)
    constraint = _made(catalog, definition, name, columns, statement, reference)
    return _store(catalog, table.with_changes(constraints=(*table.constraints, constraint)))


def _made(
    catalog: Catalog,
    definition: ir.ConstraintDef,
    name: str,
    columns: tuple[str, ...],
    statement: Span | None,
    reference: tuple[str, str, tuple[str, ...], str | None] | None = None,
) -> Constraint:
    """The constraint ``definition`` makes now: ``name`` on ``columns``, by the statement at
    ``statement``; a foreign key's ``reference``: the schema, table and columns it references,
    and its delete action. (Only a CHECK or FOREIGN KEY is ever NOT VALID, PostgreSQL's parser
    refuses it on the others, and only a CHECK proves columns non-null.)"""
    ref_schema, ref_table, ref_columns, on_delete = reference or (None, None, (), None)
    shared = catalog.shared
    return Constraint(
        definition.kind,
        name,
        shared[columns],
        definition.span,
        ref_schema=shared[ref_schema],
        ref_table=shared[ref_table],
        ref_columns=shared[ref_columns],
        on_delete=shared[on_delete],
        statement_span=statement,
        not_valid=definition.not_valid,
        order=catalog.clock,
        not_null_columns=shared[definition.not_null_columns],
    )


def _store(catalog: Catalog, table: Table) -> Table:
    put(catalog, table)
    return table


def _with_not_null(table: Table, columns: Sequence[str]) -> tuple[Column, ...]:
    return tuple(
        replace(c, not_null=True) if c.name in columns and not c.not_null else c
        for c in table.columns
    )


def _add_index_backed(
    catalog: Catalog,
    table: Table,
    definition: ir.ConstraintDef,
    columns: tuple[str, ...],
    statement: Span | None,
) -> Table:
    is_primary = definition.kind == "primary_key"
    if is_primary and table.primary_key is not None:
        return table  # PostgreSQL: multiple primary keys are not allowed
    if definition.name is not None:
        if index_name_taken(catalog, table, definition.name) or table.constraint(definition.name):
            return table  # the database refuses: the name exists
        name = definition.name
    else:
        addition = None if is_primary else join_names(columns)
        name = choose_relation_name(
            catalog,
            table.schema,
            table.name,
            addition,
            _LABELS[definition.kind],
            is_constraint=True,
        )
    constraint = _made(catalog, definition, name, columns, statement)
    if is_primary:
        changed = table.with_changes(
            columns=_with_not_null(table, columns),
            constraints=(*table.constraints, constraint),
        )
    else:
        changed = table.with_changes(constraints=(*table.constraints, constraint))
    claim_index(catalog, table, name)
    return _store(catalog, changed)


def _add_using_index(
    catalog: Catalog, table: Table, definition: ir.ConstraintDef, statement: Span | None
) -> Table:
    index = next((i for i in table.indexes if i.name == definition.using_index), None)
    if index is None or None in index.columns or not index.unique:
        return table  # PostgreSQL refuses: no such index, an expression index, not unique
    columns = tuple(c for c in index.columns if c is not None)
    name = definition.name or index.name
    if name != index.name and index_name_taken(catalog, table, name):
        return table
    catalog.index_owner.pop((table.schema, index.name), None)
    without = replace(table, indexes=tuple(i for i in table.indexes if i is not index))
    constraint = _made(catalog, definition, name, columns, statement)
    changed = replace(without, constraints=(*without.constraints, constraint))
    if definition.kind == "primary_key":
        changed = replace(changed, columns=_with_not_null(changed, columns))
    claim_index(catalog, table, name)
    return _store(catalog, changed)


def apply_add_constraint(catalog: Catalog, statement: ir.AddConstraint) -> None:
    table = find_table(catalog, statement.table)
    if table is not None:
        add_constraint(catalog, table, statement.constraint, statement.span, record=True)


def drop_constraint(
    catalog: Catalog, table: Table, constraint: Constraint, cascade: bool, span: Span
) -> None:
    """Remove ``constraint`` (dropped by the statement at ``span``); foreign keys that relied
    on a dropped key go with CASCADE."""
    forget_constraint_index(catalog, table, constraint)
    if constraint.kind in INDEX_BACKED:
        table = changed(catalog, table, provenance.key_props(constraint.columns), span)
    elif constraint.kind == "foreign_key":
        table = changed(catalog, table, foreign_key_props((constraint,)), span)
    put(catalog, replace(table, constraints=tuple(c for c in table.constraints if c != constraint)))
    foreign_key_gone(catalog, constraint, span)
    if cascade and constraint.kind in ("primary_key", "unique"):
        key_columns = set(constraint.columns)
        drop_foreign_keys(catalog, table.key, lambda fk: set(fk.ref_columns) == key_columns, span)


def apply_drop_constraint(catalog: Catalog, statement: ir.DropConstraint) -> None:
    table = find_table(catalog, statement.table)
    constraint = table.constraint(statement.name) if table is not None else None
    if table is not None and constraint is not None:
        drop_constraint(catalog, table, constraint, statement.cascade, statement.span)


def apply_rename_constraint(catalog: Catalog, statement: ir.RenameConstraint) -> None:
    table = find_table(catalog, statement.table)
    constraint = table.constraint(statement.name) if table is not None else None
    if table is None or constraint is None or table.constraint(statement.new_name) is not None:
        return
    if constraint.kind in INDEX_BACKED:
        if index_name_taken(catalog, table, statement.new_name):
            return
        catalog.index_owner.pop((table.schema, constraint.name), None)
        claim_index(catalog, table, statement.new_name)
    renamed = replace(constraint, name=statement.new_name)
    put(
        catalog,
        replace(
            table, constraints=tuple(renamed if c is constraint else c for c in table.constraints)
        ),
    )


def apply_create_index(catalog: Catalog, statement: ir.CreateIndex) -> None:
    table = find_table(catalog, statement.table)
    if table is None:
        return
    if statement.name is not None:
        if index_name_taken(catalog, table, statement.name):
            return  # exists: IF NOT EXISTS skips it, without it the database fails
        name = statement.name
    elif behaviour_of(catalog.dialect).innodb_keys:
        name = dialects.added_index_name(table, statement.columns)
    else:
        addition = join_names(index_column_names(statement.key_names or statement.columns))
        name = choose_relation_name(
            catalog, table.schema, table.name, addition, "idx", is_constraint=False
        )
    shared = catalog.shared
    index = Index(
        name=name,
        columns=shared[statement.columns],
        span=statement.span,
        unique=statement.unique,
        partial=statement.partial,
        method=shared[statement.method],
        expression_columns=shared[statement.expression_columns],
        predicate_columns=shared[statement.predicate_columns],
        include_columns=shared[statement.include_columns],
        not_null_predicate=shared[statement.not_null_predicate],
        key_names=shared[statement.key_names],
        order=catalog.clock,
    )
    claim_index(catalog, table, name)
    put(catalog, table.with_changes(indexes=(*table.indexes, index)))


def apply_drop_index(catalog: Catalog, statement: ir.DropIndex) -> None:
    for schema, name in statement.names:
        found = find_index(catalog, schema, name, statement.table)
        if found is None:
            continue
        index_schema, table = found
        kept = tuple(i for i in table.indexes if i.name != name)
        if len(kept) == len(table.indexes):
            continue  # a constraint's index: PostgreSQL refuses to drop it alone
        catalog.index_owner.pop((index_schema, name), None)
        dropped = next(i for i in table.indexes if i.name == name)
        props = covered_keys(dropped)
        if props:
            table = changed(catalog, table, props, statement.span)
        put(catalog, replace(table, indexes=kept))


def rename_index(
    catalog: Catalog,
    schema: str | None,
    name: str,
    new_name: str,
    on: ir.TableRef | None = None,
) -> bool:
    """Rename a standalone or constraint index (its constraint follows); False if unknown."""
    found = find_index(catalog, schema, name, on)
    if found is None:
        return False
    index_schema, table = found
    if index_name_taken(catalog, table, new_name):
        return True
    catalog.index_owner.pop((index_schema, name), None)
    claim_index(catalog, table, new_name)
    put(
        catalog,
        replace(
            table,
            indexes=tuple(
                replace(i, name=new_name) if i.name == name else i for i in table.indexes
            ),
            constraints=tuple(
                replace(c, name=new_name) if c.name == name and c.kind in INDEX_BACKED else c
                for c in table.constraints
            ),
        ),
    )
    return True


def apply_rename_index(catalog: Catalog, statement: ir.RenameIndex) -> None:
    rename_index(catalog, statement.schema, statement.name, statement.new_name, statement.table)
