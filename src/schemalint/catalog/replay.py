"""Replay: apply IR statements, in migration order, to a Catalog.

``apply`` never raises: whatever the sequence of statements, the catalog ends as close to
PostgreSQL's end state as can be known. The choices where PostgreSQL would fail:

- A statement PostgreSQL rejects outright (CREATE of a name that exists, a second primary
  key, DROP INDEX of a constraint's index, DROP NOT NULL on a primary-key column, a rename to
  a taken name) changes nothing, as in the database.
- DROP TABLE and DROP COLUMN of something other objects depend on (other tables' foreign
  keys to it; policies, of any table, that read it; generated columns computed from the
  column) need CASCADE: without it PostgreSQL refuses the statement, the replay records a
  ``WouldFail`` event (``catalog.events``, see ``replay_integrity``) and changes nothing;
  with it the dependents go too. The views that read a dropped column or table are such
  dependents (``View.columns``). The indexes and constraints of its own table that read a
  dropped column go in any case, as in PostgreSQL. DROP CONSTRAINT drops what it names;
  other tables' foreign keys that depend on its index go only with CASCADE. A statement on
  a table the replay does not know records an ``UnknownTable`` event.
  DROP SCHEMA is the exception: without CASCADE a schema that still has tables is kept,
  because dropping it alone would leave tables in no schema.
- An unqualified CREATE goes to the first *existing* schema of the search path; with none
  (``SET search_path = ''``) PostgreSQL fails "no schema has been selected to create in" and
  nothing is created. A qualified CREATE in a schema the history never created (Supabase's
  ``auth``, made by the platform) is trusted and the schema recorded.
- Statements inside a function body run when the function is called, not during the
  migration: they are not applied. A DO block's body runs now: its statements are applied in
  order. When the body also runs dynamic SQL (EXECUTE), what that SQL does cannot be known;
  the replay applies the statically known statements and marks nothing incomplete, since
  it cannot tell which tables the dynamic part touches.
- Data statements (UPDATE, DELETE, TRUNCATE) and unparsable statements change no schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from schemalint import ir
from schemalint.catalog import dialects, provenance, replay_inherit, replay_integrity
from schemalint.catalog import replay_security as security
from schemalint.catalog.model import Catalog, Policy, Table, Trigger
from schemalint.catalog.replay_constraints import (
    apply_add_constraint,
    apply_create_index,
    apply_drop_constraint,
    apply_drop_index,
    apply_rename_constraint,
    apply_rename_index,
)
from schemalint.catalog.replay_support import (
    creation_schema,
    find_table,
    recorded,
    remove_table,
    update_table,
)
from schemalint.catalog.replay_tables import (
    apply_add_column,
    apply_alter_column_type,
    apply_create_table,
    apply_drop_column,
    apply_drop_default,
    apply_drop_expression,
    apply_drop_not_null,
    apply_drop_table,
    apply_rename_column,
    apply_rename_table,
    apply_rename_type,
    apply_set_default,
    apply_set_not_null,
    apply_set_table_schema,
    drop_not_null_constraint,
    named_not_null,
    validate_not_null,
)
from schemalint.frozen import replace
from schemalint.source import Span
from schemalint.tools.dialects import behaviour_of


def apply(catalog: Catalog, statement: ir.Statement) -> None:
    """Apply one IR statement to ``catalog`` in place; events go to ``catalog.events``."""
    handler = _HANDLERS.get(type(statement))
    if handler is None:
        if type(statement) is ir.Unparsable:
            # The database stops there; what the statement meant to make cannot be known.
            catalog.unseen_tables = True
        return
    if behaviour_of(catalog.dialect).checks_dependents:
        replay_integrity.before(catalog, statement)
        handler(catalog, statement)
        return
    before = dict(catalog.tables)
    handler(catalog, statement)
    dialects.after_statement(catalog, statement, before)


def _create_schema(catalog: Catalog, statement: ir.CreateSchema) -> None:
    if statement.elements and statement.name in catalog.schemas:
        return  # PostgreSQL: schema already exists; nothing of the statement is made
    catalog.schemas.add(statement.name)
    if not statement.elements:
        return
    # PostgreSQL runs the elements with the new schema first in the search path: unqualified
    # names are created in it and references resolve there first.
    saved = catalog.search_path
    catalog.search_path = (statement.name, *saved)
    try:
        for element in statement.elements:
            apply(catalog, element)
        _made_by(catalog, statement.span, statement.elements)
    finally:
        catalog.search_path = saved


def _drop_schema(catalog: Catalog, statement: ir.DropSchema) -> None:
    for name in statement.names:
        tables = [t for t in catalog.tables.values() if t.schema == name]
        if tables and not statement.cascade:
            continue  # PostgreSQL: other objects depend on the schema
        for table in tables:
            remove_table(catalog, table, cascade=True, span=statement.span)
        catalog.schemas.discard(name)


def _set_search_path(catalog: Catalog, statement: ir.SetSearchPath) -> None:
    catalog.search_path = tuple(s for s in statement.schemas if s)


def _rls(catalog: Catalog, statement: ir.EnableRls | ir.DisableRls | ir.ForceRls) -> None:
    def change(table: Table) -> Table:
        span = statement.span
        if isinstance(statement, ir.ForceRls):
            if table.rls_forced == statement.force:
                return table.with_changes(rls_span=span)
            changes = recorded(catalog, table, (provenance.RLS_FORCED,), span)
            return table.with_changes(rls_forced=statement.force, rls_span=span, changes=changes)
        enabled = isinstance(statement, ir.EnableRls)
        if table.rls_enabled == enabled:
            return table.with_changes(rls_span=span)
        changes = recorded(catalog, table, (provenance.RLS,), span)
        return table.with_changes(rls_enabled=enabled, rls_span=span, changes=changes)

    update_table(catalog, statement.table, change)


def _read_columns(
    catalog: Catalog, table: Table, clause: ir.PolicyClause | None
) -> tuple[str, ...]:
    """The columns of ``table`` a policy clause reads, as PostgreSQL binds the names now."""
    if clause is None:
        return ()
    found = dict.fromkeys(c for c in clause.columns if table.column(c) is not None)
    for read in clause.reads:
        if _binds_to(catalog, table, read):
            found.setdefault(read.column, None)
    return tuple(found)


def _binds_to(catalog: Catalog, table: Table, read: ir.ColumnRead) -> bool:
    for schema, name in read.inner:
        relation = catalog.table(schema, name)
        if relation is None:
            return False  # a view, or a table the history does not make: cannot tell
        if relation.column(read.column) is not None:
            return relation.key == table.key
    return table.column(read.column) is not None


def _other_columns(
    catalog: Catalog, table: Table, *clauses: ir.PolicyClause | None
) -> tuple[tuple[str, str, str], ...]:
    """The columns of other tables that the clauses' sub-selects read, bound as PostgreSQL does."""
    found: dict[tuple[str, str, str], None] = {}
    for clause in clauses:
        for read in clause.reads if clause else ():
            for schema, name in read.inner:
                relation = catalog.table(schema, name)
                if relation is None:
                    break
                if relation.column(read.column) is not None:
                    if relation.key != table.key:
                        found.setdefault((*relation.key, read.column), None)
                    break
    return tuple(found)


def _sql(clause: ir.PolicyClause | None) -> str | None:
    return clause.sql if clause else None


def _facts(clause: ir.PolicyClause | None) -> ir.ClauseFacts | None:
    return clause.facts if clause else None


def _create_policy(catalog: Catalog, statement: ir.CreatePolicy) -> None:
    def change(table: Table) -> Table | None:
        if any(p.name == statement.name for p in table.policies):
            return None
        shared = catalog.shared
        policy = Policy(
            name=statement.name,
            span=statement.span,
            command=shared[statement.command],
            roles=shared[statement.roles],
            using=shared[_sql(statement.using)],
            with_check=shared[_sql(statement.with_check)],
            permissive=statement.permissive,
            using_columns=shared[_read_columns(catalog, table, statement.using)],
            with_check_columns=shared[_read_columns(catalog, table, statement.with_check)],
            name_span=statement.name_span,
            using_facts=_facts(statement.using),
            with_check_facts=_facts(statement.with_check),
            other_columns=_other_columns(catalog, table, statement.using, statement.with_check),
            order=catalog.clock,
        )
        policies = (*table.policies, policy)
        if table.policies:
            return table.with_changes(policies=policies)
        changes = recorded(catalog, table, (provenance.POLICIES,), statement.span)
        return table.with_changes(policies=policies, changes=changes)

    update_table(catalog, statement.table, change)


def _alter_policy(catalog: Catalog, statement: ir.AlterPolicy) -> None:
    def change(table: Table) -> Table | None:
        policy = next((p for p in table.policies if p.name == statement.name), None)
        if policy is None:
            return None
        if statement.new_name is not None:
            if any(p.name == statement.new_name for p in table.policies):
                return None
            altered = replace(policy, name=statement.new_name)
        else:
            altered = replace(policy, roles=statement.roles or policy.roles)
            if statement.using is not None:
                altered = replace(
                    altered,
                    using=statement.using.sql,
                    using_columns=_read_columns(catalog, table, statement.using),
                    using_facts=statement.using.facts,
                )
            if statement.with_check is not None:
                altered = replace(
                    altered,
                    with_check=statement.with_check.sql,
                    with_check_columns=_read_columns(catalog, table, statement.with_check),
                    with_check_facts=statement.with_check.facts,
                )
            if statement.using is not None or statement.with_check is not None:
                # What the clause left unchanged reads is not known apart from the other's:
                # keep only what is sure (a missed dependency, never an invented one).
                others = _other_columns(catalog, table, statement.using, statement.with_check)
                altered = replace(altered, other_columns=others, order=catalog.clock)
        return replace(table, policies=tuple(altered if p is policy else p for p in table.policies))

    update_table(catalog, statement.table, change)


def _drop_policy(catalog: Catalog, statement: ir.DropPolicy) -> None:
    def change(table: Table) -> Table | None:
        kept = tuple(p for p in table.policies if p.name != statement.name)
        if len(kept) == len(table.policies):
            return None
        if kept:
            return table.with_changes(policies=kept)
        changes = recorded(catalog, table, (provenance.POLICIES,), statement.span)
        return table.with_changes(policies=kept, changes=changes)

    update_table(catalog, statement.table, change)


def _create_trigger(catalog: Catalog, statement: ir.CreateTrigger) -> None:
    # Replaced when it exists: that is CREATE OR REPLACE TRIGGER's end state.
    trigger = Trigger(name=statement.name, function=statement.function, span=statement.span)

    def change(table: Table) -> Table:
        kept = tuple(x for x in table.triggers if x.name != statement.name)
        gone = {x.function for x in table.triggers if x.name == statement.name}
        gone.discard(statement.function)
        if not gone:
            return table.with_changes(triggers=(*kept, trigger))
        props = [provenance.trigger(f) for f in sorted(gone)]
        changes = recorded(catalog, table, props, statement.span)
        return table.with_changes(triggers=(*kept, trigger), changes=changes)

    update_table(catalog, statement.table, change)


def _drop_trigger(catalog: Catalog, statement: ir.DropTrigger) -> None:
    def change(table: Table) -> Table | None:
        gone = [x for x in table.triggers if x.name == statement.name]
        if not gone:
            return None
        kept = tuple(x for x in table.triggers if x.name != statement.name)
        props = [provenance.trigger(x.function) for x in gone]
        changes = recorded(catalog, table, props, statement.span)
        return table.with_changes(triggers=kept, changes=changes)

    update_table(catalog, statement.table, change)


def _validate_constraint(catalog: Catalog, statement: ir.ValidateConstraint) -> None:
    table = find_table(catalog, statement.table)
    column = named_not_null(table, statement.name) if table is not None else None
    if table is not None and column is not None:
        validate_not_null(catalog, table, column)
        return
    constraint = table.constraint(statement.name) if table is not None else None
    if table is None or constraint is None or not constraint.not_valid:
        return
    constraints = tuple(
        replace(c, not_valid=False) if c is constraint else c for c in table.constraints
    )
    catalog.tables[table.key] = table.with_changes(constraints=constraints)


def _drop_constraint(catalog: Catalog, statement: ir.DropConstraint) -> None:
    table = find_table(catalog, statement.table)
    column = named_not_null(table, statement.name) if table is not None else None
    if table is not None and column is not None:
        drop_not_null_constraint(catalog, table, column, statement.span)
        return
    apply_drop_constraint(catalog, statement)


def _create_function(catalog: Catalog, statement: ir.CreateFunction) -> None:
    schema = statement.schema or creation_schema(catalog)
    if schema is None:
        return
    security.create_function(catalog, statement)
    key = (schema, statement.name)
    # CREATE OR REPLACE with a body that no longer reads the metadata clears the mark.
    if statement.user_metadata:
        catalog.metadata_functions.add(key)
    else:
        catalog.metadata_functions.discard(key)


def _create_index(catalog: Catalog, statement: ir.CreateIndex) -> None:
    before = find_table(catalog, statement.table)
    apply_create_index(catalog, statement)
    after = find_table(catalog, statement.table)
    if before is not None and after is not None and len(after.indexes) > len(before.indexes):
        replay_inherit.cascade_index(catalog, after, after.indexes[-1])


def _refusable(handler: Callable[[Catalog, Any], None]) -> Callable[[Catalog, Any], None]:
    """``handler`` for an ALTER TABLE that PostgreSQL refuses on an inherited column or with
    ``ONLY`` on a table that has children (``replay_integrity.inheritance_refuses``)."""

    def apply_unless_refused(catalog: Catalog, statement: Any) -> None:
        table = find_table(catalog, statement.table)
        if table is None or not replay_integrity.inheritance_refuses(catalog, statement, table):
            handler(catalog, statement)

    return apply_unless_refused


def _recursing(handler: Callable[[Catalog, Any], None]) -> Callable[[Catalog, Any], None]:
    """``handler`` for an ALTER TABLE that PostgreSQL also applies to the table's children
    (unless it says ``ONLY``)."""

    def apply_and_recurse(catalog: Catalog, statement: Any) -> None:
        before = find_table(catalog, statement.table)
        handler(catalog, statement)
        after = catalog.tables.get(before.key) if before is not None else None
        if before is None or after is None or after is before or statement.table.only:
            return
        replay_inherit.propagate(catalog, before, after, statement.span)

    return _refusable(apply_and_recurse)


def _create_extension(catalog: Catalog, statement: ir.CreateExtension) -> None:
    replay_integrity.create_extension(catalog, statement)
    security.create_extension(catalog, statement)


def _opaque(catalog: Catalog, statement: ir.Opaque | ir.NonTransactional) -> None:
    if isinstance(statement, ir.Opaque):
        replay_integrity.after_opaque(catalog, statement)
    for ref in statement.tables:
        table = find_table(catalog, ref)
        if table is not None and not table.incomplete:
            catalog.tables[table.key] = replace(table, incomplete=True)


def _do_block(catalog: Catalog, statement: ir.DoBlock) -> None:
    noticed = len(catalog.events)
    for inner in statement.body:
        apply(catalog, inner)
    # A body's statements often run under IF: (IF NOT EXISTS (...) THEN ALTER TABLE ...):
    # the replay applies them all, but cannot say that the database would fail on one.
    del catalog.events[noticed:]
    replay_integrity.after_do_block(catalog, statement)
    _made_by(catalog, statement.span, statement.body)


def _made_by(catalog: Catalog, outer: Span, inner: tuple[ir.Statement, ...]) -> None:
    """The top-level statement that made a constraint in a DO body or a CREATE SCHEMA
    element is the outer one: a statement added after it must go after that, not into it."""
    for statement in inner:
        if not isinstance(statement, (ir.CreateTable, ir.AddColumn, ir.AddConstraint)):
            continue
        table = find_table(catalog, statement.table)
        if table is None:
            continue
        constraints = tuple(
            replace(c, statement_span=outer)
            if c.statement_span is not None
            and c.statement_span.path == outer.path
            and outer.start <= c.statement_span.start < outer.end
            else c
            for c in table.constraints
        )
        if constraints != table.constraints:
            catalog.tables[table.key] = replace(table, constraints=constraints)


_HANDLERS: Mapping[type[ir.Statement], Callable[[Catalog, Any], None]] = MappingProxyType(
    {
        ir.CreateSchema: _create_schema,
        ir.CreateExtension: _create_extension,
        ir.DropSchema: _drop_schema,
        ir.SetSearchPath: _set_search_path,
        ir.CreateTable: apply_create_table,
        ir.DropTable: apply_drop_table,
        ir.RenameTable: apply_rename_table,
        ir.RenameType: apply_rename_type,
        ir.SetTableSchema: apply_set_table_schema,
        ir.AddColumn: _recursing(apply_add_column),
        ir.DropColumn: _refusable(apply_drop_column),
        ir.RenameColumn: _refusable(apply_rename_column),
        ir.AlterColumnType: _refusable(apply_alter_column_type),
        ir.SetNotNull: _recursing(apply_set_not_null),
        ir.DropNotNull: _recursing(apply_drop_not_null),
        ir.SetDefault: apply_set_default,
        ir.DropDefault: apply_drop_default,
        ir.DropExpression: apply_drop_expression,
        ir.AddConstraint: _recursing(apply_add_constraint),
        ir.DropConstraint: _recursing(_drop_constraint),
        ir.RenameConstraint: apply_rename_constraint,
        ir.CreateIndex: _create_index,
        ir.AttachPartition: replay_inherit.apply_attach_partition,
        ir.DetachPartition: replay_inherit.apply_detach_partition,
        ir.Inherit: replay_inherit.apply_inherit,
        ir.DropIndex: apply_drop_index,
        ir.RenameIndex: apply_rename_index,
        ir.EnableRls: _rls,
        ir.DisableRls: _rls,
        ir.ForceRls: _rls,
        ir.CreatePolicy: _create_policy,
        ir.AlterPolicy: _alter_policy,
        ir.DropPolicy: _drop_policy,
        ir.CreateTrigger: _create_trigger,
        ir.DropTrigger: _drop_trigger,
        ir.ValidateConstraint: _recursing(_validate_constraint),
        ir.CreateFunction: _create_function,
        ir.AlterFunction: security.alter_function,
        ir.DropFunction: security.drop_function,
        ir.Privileges: security.privileges,
        ir.AlterDefaultPrivileges: security.alter_default_privileges,
        ir.CreateView: security.create_view,
        ir.SetViewOptions: security.set_view_options,
        ir.RenameView: security.rename_view,
        ir.DropView: security.drop_view,
        ir.CreateForeignTable: security.create_foreign_table,
        ir.AlterExtensionSchema: security.alter_extension_schema,
        ir.DropExtension: security.drop_extension,
        ir.Opaque: _opaque,
        ir.NonTransactional: _opaque,
        ir.DoBlock: _do_block,
    }
)
