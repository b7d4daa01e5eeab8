"""Lowering a parsed Prisma schema to the Catalog: the tables Prisma's migrations would create.

The lowering is lenient: a reference Prisma would reject (an unknown field in ``@@index``, a
relation to a missing model) is skipped or kept as written, never an exception. Only
duplicate declarations are reported, because one of the two is then silently lost.
"""

from __future__ import annotations

from schemalint import ir
from schemalint.catalog.model import Catalog, Column, Constraint, Index, Table
from schemalint.frontends.prisma import names as sql
from schemalint.frontends.prisma.relations import implicit_many_to_many
from schemalint.frontends.prisma.resolve import Names, dialect_of, field_list, string_arg
from schemalint.frontends.prisma.tree import ConfigBlock, Enum, Field, Model, PathExpr, Schema


def lower(tree: Schema) -> tuple[Catalog, tuple[ir.Unparsable, ...]]:
    problems: list[ir.Unparsable] = []
    models: dict[str, Model] = {}
    enums: dict[str, Enum] = {}
    for declaration in tree.declarations():
        if isinstance(declaration, ConfigBlock):
            continue
        if declaration.name in models or declaration.name in enums:
            message = f'"{declaration.name}" is already defined: names must be unique in the schema'
            problems.append(ir.Unparsable(span=declaration.name_span, message=message))
        elif isinstance(declaration, Model):
            models[declaration.name] = declaration
        else:
            enums[declaration.name] = declaration
    names = Names(dialect_of(tree), models, enums)
    catalog = Catalog(dialect=names.dialect)
    tables = [lower_model(m, names) for m in models.values() if m.kind == "model"]
    tables.extend(implicit_many_to_many(names))
    for table in tables:
        catalog.tables.setdefault(table.key, table)
        catalog.schemas.add(table.schema)
        for index in table.indexes:
            catalog.index_owner[(table.schema, index.name)] = table.key
    return catalog, tuple(problems)


def lower_model(model: Model, names: Names) -> Table:
    schema, table = names.table_of(model)
    dialect = names.dialect
    column_names = names.columns_of(model)
    columns: list[Column] = []
    constraints: list[Constraint] = []
    indexes: list[Index] = []
    for item in model.fields:
        if not names.is_column(item):
            foreign_key = _foreign_key(model, item, table, names)
            if foreign_key is not None:
                constraints.append(foreign_key)
            continue
        column_name = column_names.get(item.name, item.name)
        columns.append(_column(item, column_name, names))
        primary = item.attribute("id")
        if primary is not None:
            name = string_arg(primary, "map") or sql.default_name(table, (), "pkey", dialect)
            constraints.append(Constraint("primary_key", name, (column_name,), primary.span))
        unique = item.attribute("unique")
        if unique is not None:
            name = string_arg(unique, "map") or sql.default_name(
                table, (column_name,), "key", dialect
            )
            indexes.append(Index(name, (column_name,), unique.span, unique=True))
    for attribute in model.attributes:
        cols = tuple(
            column_names.get(f, f) for f in field_list(attribute.arg("fields", position=0))
        )
        if not cols:
            continue
        mapped = string_arg(attribute, "map")
        if attribute.name == "id":
            name = mapped or sql.default_name(table, (), "pkey", dialect)
            constraints.append(Constraint("primary_key", name, cols, attribute.span))
        elif attribute.name == "unique":
            name = mapped or sql.default_name(table, cols, "key", dialect)
            partial = attribute.arg("where") is not None
            indexes.append(Index(name, cols, attribute.span, unique=True, partial=partial))
        elif attribute.name in ("index", "fulltext"):
            name = (
                mapped
                or string_arg(attribute, "name")
                or sql.default_name(table, cols, "idx", dialect)
            )
            method = "fulltext" if attribute.name == "fulltext" else "btree"
            kind = attribute.arg("type")
            if isinstance(kind, PathExpr):
                method = kind.name.lower()
            partial = attribute.arg("where") is not None
            indexes.append(Index(name, cols, attribute.span, partial=partial, method=method))
    return Table(
        schema=schema,
        name=table,
        span=model.span,
        name_span=model.name_span,
        columns=tuple(columns),
        constraints=tuple(constraints),
        indexes=tuple(indexes),
        origin="prisma",
    )


def _column(item: Field, column_name: str, names: Names) -> Column:
    default = item.attribute("default")
    has_default, default_sql = False, None
    if default is not None:
        value = default.arg("value", position=0)
        has_default, default_sql = sql.default_value(value, names.enum_labels(item))
    return Column(
        name=column_name,
        type_name=names.column_type(item),
        not_null=not item.type.optional and not item.type.is_list,
        has_default=has_default,
        span=item.span,
        default_sql=default_sql,
        field=item.name,
    )


def _foreign_key(model: Model, item: Field, table: str, names: Names) -> Constraint | None:
    relation = item.attribute("relation")
    target = names.related_model(item)
    if relation is None or target is None:
        return None
    fields = field_list(relation.arg("fields"))
    if not fields:
        return None
    column_names = names.columns_of(model)
    columns = tuple(column_names.get(f, f) for f in fields)
    ref_schema, ref_table = names.table_of(target)
    action = relation.arg("onDelete")
    if isinstance(action, PathExpr) and action.name in sql.REFERENTIAL_ACTIONS:
        on_delete = sql.REFERENTIAL_ACTIONS[action.name]
    else:
        on_delete = "set null" if item.type.optional else "restrict"
    name = string_arg(relation, "map") or sql.default_name(table, columns, "fkey", names.dialect)
    return Constraint(
        "foreign_key",
        name,
        columns,
        relation.span,
        ref_schema=ref_schema,
        ref_table=ref_table,
        ref_columns=tuple(
            names.column_of(target, f) for f in field_list(relation.arg("references"))
        ),
        on_delete=on_delete,
    )
