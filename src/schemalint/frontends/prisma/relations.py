"""Implicit many-to-many relations: the ``_AToB`` join tables Prisma creates.

Two list fields pointing at each other, without ``fields:``, make a join table named after the
*model* names in alphabetical order (``_CategoryToPost``) or after the relation name
(``@relation("Tags")`` → ``_Tags``), in the first model's schema. Column ``A`` references the
first model's id, ``B`` the second's; both foreign keys cascade. PostgreSQL gets a primary key
on (A, B) (Prisma 6+), the other databases a unique index; every database gets an index on B.
"""

from __future__ import annotations

from schemalint.catalog.model import Column, Constraint, Index, Table
from schemalint.frontends.prisma.resolve import Names, field_list, string_arg
from schemalint.frontends.prisma.tree import Field, Model
from schemalint.tools.dialects import behaviour_of

_Side = tuple[Model, Field]


def implicit_many_to_many(names: Names) -> list[Table]:
    groups: dict[tuple[str, str, str], list[_Side]] = {}
    for model in names.models.values():
        if model.kind != "model":
            continue
        for item in model.fields:
            target = names.related_model(item)
            if target is None or target.kind != "model" or not item.type.is_list:
                continue
            relation = item.attribute("relation")
            if relation is not None and field_list(relation.arg("fields")):
                continue
            first, second = sorted((model.name, target.name))
            key = (first, second, string_arg(relation) or "")
            groups.setdefault(key, []).append((model, item))
    tables = []
    for (first, second, relation_name), sides in groups.items():
        if len(sides) != 2:
            continue
        sides.sort(key=lambda side: side[0].name != first)
        table = _join_table(names, relation_name or f"{first}To{second}", sides[0], sides[1])
        if table is not None:
            tables.append(table)
    return tables


def _join_table(names: Names, relation: str, side_a: _Side, side_b: _Side) -> Table | None:
    model_a, field_a = side_a
    model_b, field_b = side_b
    id_a = _single_id(model_a)
    id_b = _single_id(model_b)
    if id_a is None or id_b is None:
        return None
    name = f"_{relation}"
    schema = names.table_of(model_a)[0]
    columns = (
        Column("A", names.column_type(id_a, serial=False), True, False, field_a.span),
        Column("B", names.column_type(id_b, serial=False), True, False, field_b.span),
    )
    constraints = []
    indexes = [Index(f"{name}_B_index", ("B",), field_b.span)]
    if behaviour_of(names.dialect).join_table_primary_key:
        constraints.append(Constraint("primary_key", f"{name}_AB_pkey", ("A", "B"), field_a.span))
    else:
        indexes.insert(0, Index(f"{name}_AB_unique", ("A", "B"), field_a.span, unique=True))
    for column, model, id_field, side_field in (
        ("A", model_a, id_a, field_a),
        ("B", model_b, id_b, field_b),
    ):
        ref_schema, ref_table = names.table_of(model)
        constraints.append(
            Constraint(
                "foreign_key",
                f"{name}_{column}_fkey",
                (column,),
                side_field.span,
                ref_schema=ref_schema,
                ref_table=ref_table,
                ref_columns=(names.column_of(model, id_field.name),),
                on_delete="cascade",
            )
        )
    return Table(
        schema=schema,
        name=name,
        span=field_a.span,
        name_span=field_a.name_span,
        columns=columns,
        constraints=tuple(constraints),
        indexes=tuple(indexes),
        origin="prisma",
    )


def _single_id(model: Model) -> Field | None:
    for item in model.fields:
        if item.attribute("id") is not None:
            return item
    primary = model.attribute("id")
    if primary is not None:
        fields = field_list(primary.arg("fields", position=0))
        if len(fields) == 1:
            return model.field(fields[0])
    return None
