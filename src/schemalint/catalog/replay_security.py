"""Replay of functions, privileges, views, foreign tables and extensions.

As elsewhere in the replay, a statement PostgreSQL would reject (a CREATE of a name that is
taken, an ALTER of a function that does not exist or whose name is ambiguous) changes
nothing. Objects are owned by the role running the migrations (``MIGRATION_ROLE``); role
switches (``SET ROLE``) are not followed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from schemalint import ir
from schemalint.catalog.model import Catalog
from schemalint.catalog.privileges import (
    BUILT_IN,
    MIGRATION_ROLE,
    Acl,
    change,
    expand,
    initial_acl,
)
from schemalint.catalog.replay_support import creation_schema, target_schema
from schemalint.catalog.routines import Extension, Function, FunctionKey
from schemalint.catalog.views import ForeignTable, View
from schemalint.frozen import replace


def resolve_function(catalog: Catalog, ref: ir.FunctionRef) -> FunctionKey | None:
    """The signature ``ref`` names: exact when it lists argument types, else the only
    function of that name; an unqualified name is looked up along the search path."""
    schemas = (ref.schema,) if ref.schema else catalog.search_path
    for schema in schemas:
        if ref.args is not None:
            key = (schema, ref.name, ref.args)
            if key in catalog.functions:
                return key
            continue
        found = [k for k in catalog.functions if k[0] == schema and k[1] == ref.name]
        if found:
            return found[0] if len(found) == 1 else None
    return None


def _kept_or_initial(
    catalog: Catalog, old: Function | View | None, schema: str, object_class: str
) -> Acl:
    """A replaced object keeps its privileges (CREATE OR REPLACE); a new one gets the
    default privileges in force now."""
    if old is not None:
        return old.acl
    initial: Acl = catalog.shared[
        initial_acl(catalog.default_privileges, MIGRATION_ROLE, schema, object_class)
    ]
    return initial


def create_function(catalog: Catalog, statement: ir.CreateFunction) -> None:
    schema = statement.schema or creation_schema(catalog)
    if schema is None:
        return
    key = (schema, statement.name, statement.arguments)
    old = catalog.functions.get(key)
    if old is not None and not statement.replace:
        return  # "function already exists with same argument types"
    acl = _kept_or_initial(catalog, old, schema, "functions")
    catalog.functions[key] = Function(
        schema=schema,
        name=statement.name,
        args=catalog.shared[statement.arguments],
        returns=catalog.shared[statement.returns],
        span=statement.span,
        name_span=statement.name_span or statement.span,
        security_definer=statement.security_definer,
        search_path=statement.search_path,
        acl=acl,
        volatility=statement.volatility,
    )


def alter_function(catalog: Catalog, statement: ir.AlterFunction) -> None:
    key = resolve_function(catalog, statement.function)
    if key is None:
        return
    function = catalog.functions[key]
    span = statement.span
    if statement.new_name is not None or statement.new_schema is not None:
        moved = replace(
            function,
            name=statement.new_name or function.name,
            schema=statement.new_schema or function.schema,
        )
        if moved.key in catalog.functions:
            return
        del catalog.functions[key]
        catalog.functions[moved.key] = moved
        return
    if statement.search_path is not None:
        function = replace(function, search_path=statement.search_path, search_path_span=span)
    if statement.security_definer is not None:
        function = replace(
            function, security_definer=statement.security_definer, exposure_span=span
        )
    catalog.functions[key] = function


def drop_function(catalog: Catalog, statement: ir.DropFunction) -> None:
    for ref in statement.functions:
        key = resolve_function(catalog, ref)
        if key is not None:
            del catalog.functions[key]


def privileges(catalog: Catalog, statement: ir.Privileges) -> None:
    granted = expand(statement.object_class, statement.privileges)

    span = statement.span
    if statement.object_class == "functions":
        keys = [k for k in catalog.functions if k[0] in statement.all_in_schemas]
        for ref in statement.functions:
            key = resolve_function(catalog, ref)
            if key is not None:
                keys.append(key)
        for key in keys:
            function = catalog.functions[key]
            acl = change(function.acl, statement.grant, granted, statement.grantees)
            if acl != function.acl:
                # Only a grant can make the function callable: a revoke keeps the span.
                where = span if statement.grant else function.exposure_span
                catalog.functions[key] = replace(function, acl=acl, exposure_span=where)
        return
    if statement.object_class == "tables":
        _relation_privileges(catalog, catalog.views, statement, granted)
        _relation_privileges(catalog, catalog.foreign_tables, statement, granted)


_R = TypeVar("_R", View, ForeignTable)


def _relation_privileges(
    catalog: Catalog,
    relations: dict[tuple[str, str], _R],
    statement: ir.Privileges,
    granted: tuple[str, ...],
) -> None:
    keys = [k for k in relations if k[0] in statement.all_in_schemas]
    for ref in statement.relations:
        key = relation_key(catalog, relations, ref)
        if key is not None:
            keys.append(key)
    for key in keys:
        relation = relations[key]
        acl = change(relation.acl, statement.grant, granted, statement.grantees)
        if acl != relation.acl:
            where = statement.span if statement.grant else relation.exposure_span
            relations[key] = replace(relation, acl=acl, exposure_span=where)


def relation_key(
    catalog: Catalog, relations: Mapping[tuple[str, str], object], ref: ir.TableRef
) -> tuple[str, str] | None:
    """The key of the relation of ``relations`` that ``ref`` names, along the search path
    (where a table of the same name earlier on the path hides it)."""
    schemas = (ref.schema,) if ref.schema else catalog.search_path
    for schema in schemas:
        key = (schema, ref.name)
        if key in relations:
            return key
        if _taken(catalog, key):
            return None
    return None


def alter_default_privileges(catalog: Catalog, statement: ir.AlterDefaultPrivileges) -> None:
    granted = expand(statement.object_class, statement.privileges)
    schemas: tuple[str | None, ...] = statement.schemas or (None,)
    for role in statement.roles or (MIGRATION_ROLE,):
        for schema in schemas:
            key = (role, schema, statement.object_class)
            default = BUILT_IN.get(statement.object_class, ()) if schema is None else ()
            current = catalog.default_privileges.get(key, default)
            catalog.default_privileges[key] = change(
                current, statement.grant, granted, statement.grantees
            )


def _taken(catalog: Catalog, key: tuple[str, str]) -> bool:
    return key in catalog.tables or key in catalog.views or key in catalog.foreign_tables


def _reads(
    catalog: Catalog, reads: tuple[tuple[str | None, str], ...]
) -> tuple[tuple[str, str], ...]:
    out: dict[tuple[str, str], None] = {}
    for schema, name in reads:
        if schema is not None:
            out.setdefault((schema, name), None)
            continue
        found = next((s for s in catalog.search_path if _taken(catalog, (s, name))), None)
        fallback = catalog.search_path[0] if catalog.search_path else "public"
        out.setdefault((found or fallback, name), None)
    return tuple(out)


def create_view(catalog: Catalog, statement: ir.CreateView) -> None:
    schema = target_schema(catalog, statement.view)
    if schema is None:
        return
    key = (schema, statement.view.name)
    old = catalog.views.get(key)
    replacing = old is not None and statement.replace and old.kind == statement.kind
    if _taken(catalog, key) and not replacing:
        return  # exists: an error, or IF NOT EXISTS doing nothing
    acl = _kept_or_initial(catalog, old, schema, "tables")
    catalog.relations.add(key)  # a relation of that name exists (replay_integrity)
    catalog.views[key] = View(
        schema=schema,
        name=statement.view.name,
        kind=statement.kind,
        span=statement.span,
        name_span=statement.view.span,
        security_invoker=statement.security_invoker,
        reads=_reads(catalog, statement.reads),
        acl=acl,
        columns=_columns(catalog, statement.columns),
    )


def _columns(
    catalog: Catalog, reads: tuple[ir.ColumnRead, ...]
) -> tuple[tuple[str, str, str], ...]:
    """The tables' columns the names bind to now: the first candidate that has the column
    (a view, or a relation the history does not know, ends the search)."""
    found: dict[tuple[str, str, str], None] = {}
    for read in reads:
        for schema, name in read.inner:
            table = catalog.table(schema, name)
            if table is None:
                break
            if read.column == "*":
                found.update(dict.fromkeys((*table.key, c.name) for c in table.columns))
                break
            if table.column(read.column) is not None:
                found.setdefault((*table.key, read.column), None)
                break
    return tuple(found)


def set_view_options(catalog: Catalog, statement: ir.SetViewOptions) -> None:
    key = relation_key(catalog, catalog.views, statement.view)
    if key is None:
        return
    view = catalog.views[key]
    catalog.views[key] = replace(
        view, security_invoker=statement.security_invoker, exposure_span=statement.span
    )


def rename_view(catalog: Catalog, statement: ir.RenameView) -> None:
    if not _rename(catalog, catalog.views, statement):
        _rename(catalog, catalog.foreign_tables, statement)


def _rename(
    catalog: Catalog, relations: dict[tuple[str, str], _R], statement: ir.RenameView
) -> bool:
    key = relation_key(catalog, relations, statement.view)
    if key is None:
        return False
    new_key = (statement.new_schema or key[0], statement.new_name or key[1])
    if not _taken(catalog, new_key):
        relation = relations.pop(key)
        relations[new_key] = replace(relation, schema=new_key[0], name=new_key[1])
        catalog.relations.add(new_key)
    return True


def drop_view(catalog: Catalog, statement: ir.DropView) -> None:
    for ref in statement.views:
        for relations in (catalog.views, catalog.foreign_tables):
            key = relation_key(catalog, relations, ref)
            if key is not None:
                del relations[key]


def create_foreign_table(catalog: Catalog, statement: ir.CreateForeignTable) -> None:
    schema = target_schema(catalog, statement.table)
    if schema is None:
        return
    key = (schema, statement.table.name)
    if _taken(catalog, key):
        return
    catalog.relations.add(key)
    catalog.foreign_tables[key] = ForeignTable(
        schema=schema,
        name=statement.table.name,
        span=statement.span,
        name_span=statement.table.span,
        acl=_kept_or_initial(catalog, None, schema, "tables"),
    )


def create_extension(catalog: Catalog, statement: ir.CreateExtension) -> None:
    if statement.name in catalog.extensions:
        return
    schema = statement.schema or creation_schema(catalog)
    if schema is None:
        return
    catalog.extensions[statement.name] = Extension(statement.name, schema, statement.span)


def alter_extension_schema(catalog: Catalog, statement: ir.AlterExtensionSchema) -> None:
    extension = catalog.extensions.get(statement.name)
    if extension is not None:
        catalog.extensions[statement.name] = Extension(
            extension.name, statement.schema, statement.span
        )


def drop_extension(catalog: Catalog, statement: ir.DropExtension) -> None:
    for name in statement.names:
        catalog.extensions.pop(name, None)
