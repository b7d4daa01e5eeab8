"""What a new table takes from others: ``LIKE``, ``INHERITS`` and ``PARTITION OF``.

As PostgreSQL 15 and 18 do (checked by the ground-truth tests):

- ``LIKE source``: the source's columns where the clause stands, with their types and NOT
  NULL; defaults, generated expressions and identities only when included; CHECK
  constraints (same names) with ``INCLUDING CONSTRAINTS``; its primary key, unique and
  exclusion constraints and its indexes, under new names, with ``INCLUDING INDEXES``;
  never its foreign keys.
- ``INHERITS (parents)``: the parents' columns first (same names merged, the table's own
  definitions merged into them), their defaults and generated expressions (not identities),
  their CHECK constraints (same names); no indexes, keys or foreign keys.
- ``PARTITION OF parent``: the parent's columns, defaults and CHECK constraints, its foreign
  keys (same names), and its primary key, unique constraints and indexes under the
  partition's own names. An index created on the parent later is created on each partition
  too (``cascade_index``). Row level security is per table: a partition's is off.

``ADD COLUMN``, ``ADD CONSTRAINT`` and ``SET``/``DROP NOT NULL`` on a parent recurse to its
children (``propagate``): new columns and NOT NULL changes to all, CHECKs to all (same
names), foreign keys (same names) and keys (their own names) to partitions only. ``DROP
COLUMN``, ``RENAME COLUMN`` and ``ALTER COLUMN ... TYPE`` recurse too (``replay_tables``):
a dropped column goes from a child that has it only from that parent (``Column.local``
false: inherited and not defined by the child itself, as every partition column is).
``ALTER TABLE ONLY`` recurses to no child (after ``DROP COLUMN`` the children's column
becomes their own); what PostgreSQL refuses with ``ONLY``, or on an inherited column, is a
``WouldFail`` (``replay_integrity.inheritance_refuses``). ``INHERIT parent`` adds a parent
to a table that has its columns and CHECKs, ``NO INHERIT`` removes it (``apply_inherit``).
``ATTACH PARTITION`` makes a table a partition: it keeps what it has that matches the
parent's keys, indexes and foreign keys (same columns) and gets a copy of the rest, as a
partition created with ``PARTITION OF`` would. ``DETACH PARTITION`` leaves it a table of its
own with all it has. A source the replay does not know (or cannot follow) leaves the table
incomplete.
"""

from __future__ import annotations

from schemalint import ir
from schemalint.catalog import replay_integrity
from schemalint.catalog.model import Catalog, Column, Index, Table
from schemalint.catalog.replay_constraints import add_constraint
from schemalint.catalog.replay_names import (
    choose_relation_name,
    index_column_names,
    join_names,
)
from schemalint.catalog.replay_support import INDEX_BACKED, claim_index, find_table, put
from schemalint.frozen import replace
from schemalint.source import Span

_SERIAL_TYPES = {"serial": "integer", "serial4": "integer", "bigserial": "bigint",
                 "serial8": "bigint", "smallserial": "smallint", "serial2": "smallint"}  # fmt: skip


def sources(catalog: Catalog, statement: ir.CreateTable) -> tuple[list[Table], bool]:
    """The tables ``statement`` takes from (parents, then LIKE sources) and whether each is
    known and complete."""
    refs = [*statement.inherits, *(c.table for c in statement.like)]
    if statement.partition_of is not None:
        refs.insert(0, statement.partition_of)
    found = [find_table(catalog, ref) for ref in refs]
    known = [t for t in found if t is not None and not t.incomplete]
    return known, len(known) == len(found)


def _plain(column: Column) -> Column:
    """A column with its type and NOT NULL only (a serial's type as the integer it is)."""
    type_name = _SERIAL_TYPES.get(column.type_name.lower(), column.type_name)
    return replace(
        column, type_name=type_name, has_default=False, default_sql=None, generated_from=None
    )


def _identity(column: Column) -> bool:
    return (
        column.has_default
        and column.default_sql is None
        and column.generated_from is None
        and column.type_name.lower() not in _SERIAL_TYPES
    )


def _liked(column: Column, clause: ir.LikeTable) -> Column:
    column = replace(column, local=True)
    if column.generated_from is not None:
        return column if clause.generated else _plain(column)
    if _identity(column):
        return column if clause.identity else _plain(column)
    return (
        replace(column, type_name=_plain(column).type_name) if clause.defaults else _plain(column)
    )


def _inherited(column: Column) -> Column:
    return replace(_plain(column) if _identity(column) else column, local=False)


def _merge(columns: dict[str, Column], column: Column) -> None:
    """Add ``column``, merged into an earlier one of its name as PostgreSQL merges them."""
    old = columns.get(column.name)
    if old is None:
        columns[column.name] = column
        return
    columns[column.name] = replace(
        column if column.has_default else replace(
            column, has_default=old.has_default, default_sql=old.default_sql,
            generated_from=old.generated_from,
        ),
        # A partition's ``(col WITH OPTIONS ...)`` writes no type.
        type_name=column.type_name or old.type_name,
        not_null=old.not_null or column.not_null,
    )  # fmt: skip


def columns_of(
    statement: ir.CreateTable, known: list[Table], own: list[Column]
) -> tuple[Column, ...]:
    """The new table's columns in PostgreSQL's order: parents', then own and LIKE'd ones."""
    merged: dict[str, Column] = {}
    parents = len(statement.inherits) + (statement.partition_of is not None)
    for parent in known[:parents]:
        for column in parent.columns:
            _merge(merged, _inherited(column))
    likes = list(zip(statement.like, known[parents:], strict=True))
    for index in range(len(own) + 1):
        for clause, source in likes:
            if clause.position == index:
                for column in source.columns:
                    _merge(merged, _liked(column, clause))
        if index < len(own):
            _merge(merged, own[index])
    if statement.partition_of is not None:  # a partition defines no column of its own
        return tuple(replace(c, local=False) for c in merged.values())
    return tuple(merged.values())


def take_constraints(
    catalog: Catalog, table: Table, statement: ir.CreateTable, known: list[Table]
) -> Table:
    """Copy, onto ``table`` (in the catalog), what its parents and LIKE sources give it."""
    span = statement.span
    parents = len(statement.inherits) + (statement.partition_of is not None)
    partition = statement.partition_of is not None
    for parent in known[:parents]:
        table = _copy_checks(catalog, table, parent, span, foreign_keys=partition)
        if partition:
            table = _copy_indexes(catalog, table, parent, span)
    for clause, source in zip(statement.like, known[parents:], strict=True):
        if clause.constraints:
            table = _copy_checks(catalog, table, source, span, foreign_keys=False)
        if clause.indexes:
            table = _copy_indexes(catalog, table, source, span)
    return table


def _copy_checks(
    catalog: Catalog, table: Table, source: Table, span: Span, *, foreign_keys: bool
) -> Table:
    kinds = ("check", "foreign_key") if foreign_keys else ("check",)
    copied = tuple(
        replace(c, statement_span=span)
        for c in source.constraints
        if c.kind in kinds and table.constraint(c.name) is None
    )
    if copied:
        table = table.with_changes(constraints=(*table.constraints, *copied))
        put(catalog, table)
    return table


def _copy_indexes(catalog: Catalog, table: Table, source: Table, span: Span) -> Table:
    """The source's keys and indexes, under names made up for ``table``."""
    for constraint in source.constraints:
        if constraint.kind in INDEX_BACKED:
            definition = ir.ConstraintDef(constraint.kind, None, constraint.columns, span)
            table = add_constraint(catalog, table, definition, span)
    for index in source.indexes:
        table = clone_index(catalog, table, index, span)
    return table


def clone_index(catalog: Catalog, table: Table, index: Index, span: Span) -> Table:
    """``index`` made on ``table`` too, named as PostgreSQL names it there."""
    names = index_column_names(index.key_names or (*index.columns, *index.include_columns))
    name = choose_relation_name(
        catalog, table.schema, table.name, join_names(names), "idx", is_constraint=False
    )
    claim_index(catalog, table, name)
    table = table.with_changes(indexes=(*table.indexes, replace(index, name=name, span=span)))
    put(catalog, table)
    return table


def cascade_index(catalog: Catalog, parent: Table, index: Index) -> None:
    """An index made on a partitioned table is made on each of its partitions (and theirs)."""
    if not parent.partitioned:
        return
    key = parent.key
    for partition in [
        t for t in catalog.tables.children(key) if t.partition and t.parents == (key,)
    ]:
        cloned = clone_index(catalog, partition, index, index.span)
        cascade_index(catalog, cloned, index)


def apply_attach_partition(catalog: Catalog, statement: ir.AttachPartition) -> None:
    parent = find_table(catalog, statement.table)
    table = find_table(catalog, statement.partition)
    if table is None:
        return
    if parent is None or parent.incomplete:
        put(catalog, table.with_changes(incomplete=True))
        return
    span = statement.span
    columns = tuple(replace(c, local=False) for c in table.columns)
    table = table.with_changes(parents=(parent.key,), partition=True, columns=columns)
    put(catalog, table)
    for constraint in parent.constraints:
        # A partition's constraint of the parent's shape is taken as its copy.
        if any(c.shape == constraint.shape for c in table.constraints):
            continue
        if constraint.kind == "foreign_key":
            copied = replace(constraint, statement_span=span)
            table = table.with_changes(constraints=(*table.constraints, copied))
            put(catalog, table)
        elif constraint.kind in INDEX_BACKED:
            definition = ir.ConstraintDef(constraint.kind, None, constraint.columns, span)
            table = add_constraint(catalog, table, definition, span)
    for index in parent.indexes:
        if not any(i.full_shape == index.full_shape for i in table.indexes):
            table = clone_index(catalog, table, index, span)


def apply_detach_partition(catalog: Catalog, statement: ir.DetachPartition) -> None:
    table = find_table(catalog, statement.partition)
    if table is not None and table.partition:
        columns = tuple(replace(c, local=True) for c in table.columns)
        put(catalog, table.with_changes(parents=(), partition=False, columns=columns))


def apply_inherit(catalog: Catalog, statement: ir.Inherit) -> None:
    """``INHERIT parent``: the table must already have the parent's columns and CHECKs; it
    gains a parent. ``NO INHERIT parent``: the columns it had only from that parent become
    its own. Neither copies or drops anything."""
    table = find_table(catalog, statement.table)
    if table is None:
        return
    parent = find_table(catalog, statement.parent)
    if parent is None or parent.incomplete or table.incomplete:
        put(catalog, table.with_changes(incomplete=True))
        return
    if replay_integrity.inherit_refused(catalog, statement, table, parent):
        return
    if not statement.no:
        put(catalog, table.with_changes(parents=(*table.parents, parent.key)))
        return
    parents = tuple(p for p in table.parents if p != parent.key)
    still = {
        c.name
        for key in parents
        if (other := catalog.tables.get(key)) is not None
        for c in other.columns
    }
    columns = tuple(
        c if c.local or c.name in still else replace(c, local=True) for c in table.columns
    )
    put(catalog, table.with_changes(parents=parents, columns=columns))


def _nullability(column: Column) -> tuple[bool, str | None, bool]:
    return (column.not_null, column.not_null_name, column.not_null_valid)


def _inherit_nullability(column: Column, parent: Column) -> Column:
    """A child's column after its parent's changed nullability: a not-null constraint added
    to the parent is inherited (same name, validity; one the child has already stays)."""
    if parent.not_null and column.not_null and parent.not_null_valid:
        return replace(column, not_null_valid=True)
    if parent.not_null and column.not_null:
        return column
    return replace(
        column,
        not_null=parent.not_null,
        not_null_name=parent.not_null_name,
        not_null_valid=parent.not_null_valid,
    )


def children(catalog: Catalog, parent: Table) -> list[Table]:
    return catalog.tables.children(parent.key)


def propagate(catalog: Catalog, before: Table, after: Table, span: Span) -> None:
    """Give ``after``'s children (and theirs) what the statement gave ``after`` (was
    ``before``), as PostgreSQL's ALTER TABLE recursing to inheritors and partitions does."""
    old_columns = {c.name: c for c in before.columns}
    new_columns = [c for c in after.columns if c.name not in old_columns]
    nullability = {
        c.name: c
        for c in after.columns
        if c.name in old_columns and _nullability(old_columns[c.name]) != _nullability(c)
    }
    old_names = {c.name for c in before.constraints}
    new_constraints = [c for c in after.constraints if c.name not in old_names]
    if not (new_columns or nullability or new_constraints):
        return
    for child in children(catalog, after):
        previous = child
        columns = tuple(
            _inherit_nullability(c, nullability[c.name]) if c.name in nullability else c
            for c in child.columns
        )
        added = tuple(replace(c, local=False) for c in new_columns if child.column(c.name) is None)
        child = child.with_changes(columns=(*columns, *added))
        put(catalog, child)
        for constraint in new_constraints:
            if child.constraint(constraint.name) is not None:
                continue
            if constraint.kind == "check" or (child.partition and constraint.kind == "foreign_key"):
                copied = replace(constraint, statement_span=span)
                child = child.with_changes(constraints=(*child.constraints, copied))
                put(catalog, child)
            elif child.partition and constraint.kind in INDEX_BACKED:
                definition = ir.ConstraintDef(constraint.kind, None, constraint.columns, span)
                child = add_constraint(catalog, child, definition, span)
        propagate(catalog, previous, child, span)
