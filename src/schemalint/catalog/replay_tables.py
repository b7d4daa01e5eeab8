"""Replay of tables and columns: create, drop, rename, move, and column changes."""

from __future__ import annotations

from collections.abc import Callable

from schemalint import ir
from schemalint.catalog import provenance, replay_inherit, replay_integrity
from schemalint.catalog.model import Catalog, Column, Constraint, Index, Policy, Table
from schemalint.catalog.replay_constraints import (
    add_constraint,
    drop_constraint,
    merge_duplicate_keys,
    naming_order,
    rename_index,
)
from schemalint.catalog.replay_names import relation_name_taken
from schemalint.catalog.replay_support import (
    changed,
    covered_keys,
    drop_foreign_keys,
    drop_policies_reading,
    drop_views_reading_column,
    find_table,
    index_names,
    put,
    recorded,
    referenced_by,
    remove_table,
    retarget_foreign_keys,
    target_schema,
    update_table,
)
from schemalint.frozen import replace
from schemalint.source import Span


def _column(catalog: Catalog, definition: ir.ColumnDef) -> Column:
    shared = catalog.shared
    return Column(
        name=shared[definition.name],
        type_name=shared[definition.type_name],
        not_null=definition.not_null,
        has_default=definition.has_default,
        span=definition.span,
        default_sql=shared[definition.default_sql],
        generated_from=shared[definition.generated_from],
        not_null_name=definition.not_null_name,
    )


def apply_create_table(catalog: Catalog, statement: ir.CreateTable) -> None:
    schema = target_schema(catalog, statement.table)
    if schema is None:
        return
    name = statement.table.name
    if relation_name_taken(catalog, schema, name):
        return  # IF NOT EXISTS: skipped; otherwise PostgreSQL fails: no change either way
    columns: dict[str, Column] = {}
    for definition in statement.columns:
        columns.setdefault(definition.name, _column(catalog, definition))
    parents = statement.inherits if statement.partition_of is None else (statement.partition_of,)
    # Most tables take nothing from another: their columns are their own, in order.
    takes = bool(parents or statement.like)
    known, complete = replay_inherit.sources(catalog, statement) if takes else ([], True)
    table = Table(
        schema=schema,
        name=name,
        span=statement.span,
        name_span=statement.table.span,
        columns=replay_inherit.columns_of(statement, known, list(columns.values()))
        if complete and takes
        else tuple(columns.values()),
        incomplete=statement.incomplete or not complete,
        parents=tuple(t.key for t in known[: len(parents)]) if complete else (),
        partition=statement.partition_of is not None,
        partitioned=statement.partitioned,
    )
    put(catalog, table)
    inline = [c for d in statement.columns for c in d.constraints]
    for constraint in merge_duplicate_keys(naming_order([*inline, *statement.constraints])):
        table = add_constraint(catalog, table, constraint, statement.span)
    if complete and takes:
        replay_inherit.take_constraints(catalog, table, statement, known)


def apply_drop_table(catalog: Catalog, statement: ir.DropTable) -> None:
    # Resolve every name first: DROP TABLE a, b drops both even when b references a.
    tables = [t for t in (find_table(catalog, ref) for ref in statement.tables) if t is not None]
    if replay_integrity.drop_table_with_dependents(catalog, statement, tables):
        return  # PostgreSQL refuses the whole statement
    for table in tables:
        remove_table(catalog, table, cascade=statement.cascade, span=statement.span)


def _move(catalog: Catalog, table: Table, moved: Table) -> None:
    """Put ``moved`` (``table`` renamed or in another schema) in its place, FKs following."""
    del catalog.tables[table.key]
    owners = catalog.index_owner
    for name in index_names(table):
        if owners.get((table.schema, name)) == table.key:
            del owners[(table.schema, name)]
            owners[(moved.schema, name)] = catalog.shared[moved.key]
    put(catalog, moved)
    retarget_foreign_keys(catalog, table.key, moved.key)
    for view in list(catalog.views.values()):
        if table.key in view.reads:
            reads = tuple(moved.key if r == table.key else r for r in view.reads)
            columns = tuple(
                (*moved.key, c) if (s, t) == table.key else (s, t, c) for s, t, c in view.columns
            )
            catalog.views[view.key] = replace(view, reads=reads, columns=columns)


def apply_rename_table(catalog: Catalog, statement: ir.RenameTable) -> None:
    table = find_table(catalog, statement.table)
    if table is None:
        # ALTER TABLE accepts an index name too: PostgreSQL renames the index.
        rename_index(catalog, statement.table.schema, statement.table.name, statement.new_name)
        return
    if relation_name_taken(catalog, table.schema, statement.new_name):
        return
    _move(catalog, table, replace(table, name=statement.new_name))


def apply_set_table_schema(catalog: Catalog, statement: ir.SetTableSchema) -> None:
    table = find_table(catalog, statement.table)
    if table is None or statement.new_schema == table.schema:
        return
    if (statement.new_schema, table.name) in catalog.tables:
        return
    catalog.schemas.add(statement.new_schema)
    moved = changed(catalog, table, (provenance.SCHEMA,), statement.span)
    _move(catalog, table, replace(moved, schema=statement.new_schema))


def apply_add_column(catalog: Catalog, statement: ir.AddColumn) -> None:
    table = find_table(catalog, statement.table)
    if table is None:
        return
    if table.column(statement.column.name) is not None:
        replay_integrity.add_existing_column(catalog, statement, table)
        return
    changes = recorded(catalog, table, (provenance.column(statement.column.name),), statement.span)
    table = table.with_changes(
        columns=(*table.columns, _column(catalog, statement.column)), changes=changes
    )
    put(catalog, table)
    for definition in naming_order(statement.column.constraints):
        table = add_constraint(catalog, table, definition, statement.span, record=True)


def _uses(constraint: Constraint, column: str) -> bool:
    return column in constraint.columns


def apply_drop_column(catalog: Catalog, statement: ir.DropColumn) -> None:
    table = find_table(catalog, statement.table)
    if table is not None:
        if replay_integrity.drop_column_with_dependents(catalog, statement, table):
            return  # PostgreSQL refuses it: the column and what reads it stay
        name, cascade, span = statement.column, statement.cascade, statement.span
        _drop_column(catalog, table.key, name, cascade, span)
        _drop_from_children(catalog, table, name, cascade, span, only=statement.table.only)


def _drop_from_children(
    catalog: Catalog, parent: Table, name: str, cascade: bool, span: Span, *, only: bool
) -> None:
    """What ``DROP COLUMN`` on ``parent`` does to its children: with ``ONLY`` their columns
    become their own; otherwise a column a child has only from this parent goes (and from
    its children in turn), one it defines itself or has from another parent too stays."""
    for child in replay_inherit.children(catalog, parent):
        column = child.column(name)
        if column is None:
            continue
        if only:
            local = replace(column, local=True)
            columns = tuple(local if c is column else c for c in child.columns)
            put(catalog, child.with_changes(columns=columns))
            continue
        others = (catalog.tables.get(key) for key in child.parents if key != parent.key)
        if column.local or any(o is not None and o.column(name) for o in others):
            continue
        _drop_column(catalog, child.key, name, cascade, span)
        _drop_from_children(catalog, child, name, cascade, span, only=False)


def _descendants(catalog: Catalog, table: Table, column: str) -> list[Table]:
    """The inheritors and partitions of ``table`` (and theirs) that have ``column``: a
    RENAME or ALTER TYPE of it reaches each of them."""
    found: dict[tuple[str, str], Table] = {}
    pending = [table]
    while pending:
        for child in replay_inherit.children(catalog, pending.pop(0)):
            if child.column(column) is not None and child.key not in found:
                found[child.key] = child
                pending.append(child)
    return list(found.values())


def _drop_column(
    catalog: Catalog, key: tuple[str, str], name: str, cascade: bool, span: Span
) -> None:
    """Drop a column and what PostgreSQL drops with it.

    Always: the table's indexes that read it (key, expression, WHERE, INCLUDE) and its
    constraints on it (a CHECK that reads it). Only with CASCADE, as PostgreSQL refuses the
    drop otherwise: the table's policies that read it, its generated columns computed from
    it, and other tables' foreign keys to it.
    """
    table = catalog.tables.get(key)
    if table is None or table.column(name) is None:
        return
    for constraint in [c for c in table.constraints if _uses(c, name)]:
        drop_constraint(catalog, catalog.tables[key], constraint, cascade, span)
    table = catalog.tables[key]
    props = [provenance.column(name)]
    for index in table.indexes:
        if index.reads(name):
            catalog.index_owner.pop((table.schema, index.name), None)
            props.extend(covered_keys(index))
    policies = table.policies
    if cascade:
        policies = tuple(p for p in policies if not p.reads(name))
        if table.policies and not policies:
            props.append(provenance.POLICIES)
    put(
        catalog,
        replace(
            table,
            changes=recorded(catalog, table, props, span),
            columns=tuple(c for c in table.columns if c.name != name),
            indexes=tuple(i for i in table.indexes if not i.reads(name)),
            policies=policies,
        ),
    )
    if cascade:
        drop_foreign_keys(catalog, key, lambda fk: name in fk.ref_columns, span)
        dropped = (*key, name)
        drop_policies_reading(catalog, lambda p: dropped in p.other_columns, span)
        drop_views_reading_column(catalog, dropped)
        for column in table.columns:
            if column.generated_from is not None and name in column.generated_from:
                _drop_column(catalog, key, column.name, True, span)


def _renamed(names: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    return tuple(new if n == old else n for n in names)


def _renamed_index(index: Index, old: str, new: str) -> Index:
    return replace(
        index,
        columns=tuple(new if c == old else c for c in index.columns),
        expression_columns=_renamed(index.expression_columns, old, new),
        predicate_columns=_renamed(index.predicate_columns, old, new),
        include_columns=_renamed(index.include_columns, old, new),
        not_null_predicate=_renamed(index.not_null_predicate, old, new),
    )


def _renamed_policy(policy: Policy, old: str, new: str) -> Policy:
    return replace(
        policy,
        using_columns=_renamed(policy.using_columns, old, new),
        with_check_columns=_renamed(policy.with_check_columns, old, new),
        using_facts=_renamed_facts(policy.using_facts, old, new),
        with_check_facts=_renamed_facts(policy.with_check_facts, old, new),
    )


def _renamed_facts(facts: ir.ClauseFacts | None, old: str, new: str) -> ir.ClauseFacts | None:
    """The identity comparisons follow the column (their spans stay where it was written)."""
    if facts is None or all(m.text != old for m in facts.identity_columns):
        return facts
    columns = tuple(replace(m, text=new) if m.text == old else m for m in facts.identity_columns)
    return replace(facts, identity_columns=columns)


def _renamed_column(column: Column, old: str, new: str) -> Column:
    if column.name == old:
        column = replace(column, name=new)
    if column.generated_from is None:
        return column
    return replace(column, generated_from=_renamed(column.generated_from, old, new))


def apply_rename_column(catalog: Catalog, statement: ir.RenameColumn) -> None:
    """Rename a column, in the table's inheritors and partitions too (unless ``ONLY``);
    every list of columns that names it follows.

    Those are its table's constraints, indexes, policies and generated columns, and other
    tables' foreign keys to it. Expression texts (a policy's USING) stay as written.
    """
    table = find_table(catalog, statement.table)
    old, new = statement.column, statement.new_name
    if table is None or table.column(old) is None or table.column(new) is not None:
        return
    tables = [table] if statement.table.only else [table, *_descendants(catalog, table, old)]
    for each in tables:
        _rename_column(catalog, each, old, new, statement.span)


def _rename_column(catalog: Catalog, table: Table, old: str, new: str, span: Span) -> None:
    props = (provenance.column(old), provenance.column(new))
    put(
        catalog,
        replace(
            table,
            changes=recorded(catalog, table, props, span),
            columns=tuple(_renamed_column(c, old, new) for c in table.columns),
            constraints=tuple(
                replace(c, columns=_renamed(c.columns, old, new)) for c in table.constraints
            ),
            indexes=tuple(_renamed_index(i, old, new) for i in table.indexes),
            policies=tuple(_renamed_policy(p, old, new) for p in table.policies),
        ),
    )
    for view in list(catalog.views.values()):
        if (*table.key, old) in view.columns:
            columns = tuple(
                (*table.key, new) if c == (*table.key, old) else c for c in view.columns
            )
            catalog.views[view.key] = replace(view, columns=columns)
    for other in list(catalog.tables.values()):
        if any(referenced_by(c, table.key) and old in c.ref_columns for c in other.constraints):
            constraints = tuple(
                replace(c, ref_columns=_renamed(c.ref_columns, old, new))
                if referenced_by(c, table.key)
                else c
                for c in other.constraints
            )
            put(catalog, replace(other, constraints=constraints))


def _change_column(
    catalog: Catalog,
    ref: ir.TableRef,
    name: str,
    change: Callable[[Table, Column], Column],
    span: Span | None = None,
) -> None:
    """Change column ``name``; with ``span``, a change of its nullability is recorded."""

    def apply(table: Table) -> Table | None:
        column = table.column(name)
        if column is None:
            return None
        new = change(table, column)
        columns = tuple(new if c is column else c for c in table.columns)
        if span is None or new.not_null == column.not_null:
            return table.with_changes(columns=columns)
        changes = recorded(catalog, table, (provenance.not_null(name),), span)
        return table.with_changes(columns=columns, changes=changes)

    update_table(catalog, ref, apply)


def apply_alter_column_type(catalog: Catalog, statement: ir.AlterColumnType) -> None:
    """The column's type changes in the table's inheritors and partitions too (unless
    ``ONLY``)."""
    table = find_table(catalog, statement.table)
    if table is None or replay_integrity.type_change_under_view(catalog, statement, table):
        return
    name = statement.column
    tables = [table] if statement.table.only else [table, *_descendants(catalog, table, name)]
    for each in tables:
        ref = ir.TableRef(each.schema, each.name, statement.span)
        _change_column(catalog, ref, name, lambda _, c: replace(c, type_name=statement.type_name))


def _renamed_type(type_name: str, statement: ir.RenameType, default: str) -> str | None:
    """``type_name`` under the type's new name, keeping its qualifier and array brackets.

    Types are not in the catalog: an unqualified type name, in a column or in the ALTER, is
    taken to live in ``default`` (the first schema of the search path).
    """
    base = type_name.rstrip("[]")
    qualifier, dot, name = base.rpartition(".")
    if name != statement.name or (qualifier or default) != (statement.schema or default):
        return None
    return f"{qualifier}{dot}{statement.new_name}{type_name[len(base) :]}"


def apply_rename_type(catalog: Catalog, statement: ir.RenameType) -> None:
    default = next(iter(catalog.search_path), "public")
    for table in list(catalog):
        columns = tuple(
            replace(c, type_name=renamed)
            if (renamed := _renamed_type(c.type_name, statement, default)) is not None
            else c
            for c in table.columns
        )
        if columns != table.columns:
            put(catalog, replace(table, columns=columns))


def apply_set_not_null(catalog: Catalog, statement: ir.SetNotNull) -> None:
    """``SET NOT NULL`` checks the rows (it validates a NOT VALID not-null constraint);
    PostgreSQL 18's ``ADD CONSTRAINT name NOT NULL col [NOT VALID]`` names the constraint,
    and a column that already has one keeps it (PostgreSQL refuses a second)."""

    table = find_table(catalog, statement.table)
    if table is not None and replay_integrity.second_not_null(catalog, statement, table):
        return

    def set_not_null(_: Table, column: Column) -> Column:
        if statement.constraint is None:
            return replace(column, not_null=True, not_null_valid=True)
        if column.not_null:
            return column
        return replace(
            column,
            not_null=True,
            not_null_name=statement.constraint,
            not_null_valid=not statement.not_valid,
        )

    _change_column(catalog, statement.table, statement.column, set_not_null, statement.span)


def _drop_not_null(table: Table, column: Column) -> Column:
    primary_key = table.primary_key
    if primary_key is not None and column.name in primary_key.columns:
        return column  # PostgreSQL: column is in a primary key
    return replace(column, not_null=False, not_null_name=None, not_null_valid=True)


def named_not_null(table: Table, name: str) -> Column | None:
    """The column whose not-null constraint the history named ``name``, if any."""
    return next((c for c in table.columns if c.not_null and c.not_null_name == name), None)


def validate_not_null(catalog: Catalog, table: Table, column: Column) -> None:
    """``VALIDATE CONSTRAINT`` of a column's NOT VALID not-null constraint."""
    valid = replace(column, not_null_valid=True)
    columns = tuple(valid if c is column else c for c in table.columns)
    put(catalog, table.with_changes(columns=columns))


def drop_not_null_constraint(catalog: Catalog, table: Table, column: Column, span: Span) -> None:
    """``DROP CONSTRAINT`` of a column's named not-null constraint: as ``DROP NOT NULL``."""
    ref = ir.TableRef(table.schema, table.name, span)
    _change_column(catalog, ref, column.name, _drop_not_null, span)


def apply_drop_not_null(catalog: Catalog, statement: ir.DropNotNull) -> None:
    _change_column(catalog, statement.table, statement.column, _drop_not_null, statement.span)


def apply_set_default(catalog: Catalog, statement: ir.SetDefault) -> None:
    _change_column(
        catalog,
        statement.table,
        statement.column,
        lambda _, c: replace(c, has_default=True, default_sql=statement.default_sql),
    )


def apply_drop_default(catalog: Catalog, statement: ir.DropDefault) -> None:
    _change_column(
        catalog,
        statement.table,
        statement.column,
        lambda _, c: replace(c, has_default=False, default_sql=None),
    )


def apply_drop_expression(catalog: Catalog, statement: ir.DropExpression) -> None:
    """A generated column keeps its values and becomes a plain column, without a default."""

    def plain(_: Table, column: Column) -> Column:
        if column.generated_from is None:
            return column  # PostgreSQL: not a stored generated column
        return replace(column, has_default=False, default_sql=None, generated_from=None)

    _change_column(catalog, statement.table, statement.column, plain)
