"""Resolving names across the files of a schema: models, enums, their SQL names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from schemalint.frontends.prisma import names as sql
from schemalint.frontends.prisma.tree import (
    ArrayExpr,
    Attribute,
    Enum,
    Expression,
    Field,
    FunctionCall,
    Model,
    PathExpr,
    Schema,
    StringLit,
)

_DIALECTS = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "cockroachdb": "postgres",
    "mysql": "mysql",
    "sqlite": "sqlite",
}


@dataclass(frozen=True)
class Names:
    """Every model and enum of the schema, and how their names become SQL names."""

    dialect: str
    models: Mapping[str, Model]
    enums: Mapping[str, Enum]

    def table_of(self, model: Model) -> tuple[str, str]:
        """(schema, table name) after ``@@schema`` and ``@@map``."""
        schema = string_arg(model.attribute("schema")) or "public"
        return schema, string_arg(model.attribute("map")) or model.name

    def column_of(self, model: Model, field_name: str) -> str:
        found = model.field(field_name)
        if found is None:
            return field_name
        return string_arg(found.attribute("map")) or field_name

    def related_model(self, item: Field) -> Model | None:
        """The model or view a relation field points at (``None`` for scalars and enums)."""
        target = self.models.get(item.type.name)
        if item.type.unsupported or target is None or target.kind == "type":
            return None
        return target

    def is_column(self, item: Field) -> bool:
        if item.type.unsupported:
            return True
        target = self.models.get(item.type.name)
        return target is None

    def column_type(self, item: Field, serial: bool = True) -> str:
        """The SQL type; ``serial=False`` gives an autoincrement column's plain integer type."""
        if item.type.unsupported:
            return item.type.name + ("[]" if item.type.is_list else "")
        enum = self.enums.get(item.type.name)
        enum_sql = None
        if enum is not None:
            enum_sql = string_arg(enum.attribute("map")) or enum.name
            schema = string_arg(enum.attribute("schema"))
            if schema and schema != "public":
                enum_sql = f"{schema}.{enum_sql}"
        native = next((a for a in item.attributes if a.name.startswith("db.")), None)
        default = item.attribute("default")
        value = default.arg("value", position=0) if default else None
        serial = serial and isinstance(value, FunctionCall) and value.name == "autoincrement"
        return sql.column_type(
            item.type.name, native, item.type.is_list, self.dialect, enum_sql, serial
        )

    def enum_labels(self, item: Field) -> dict[str, str]:
        enum = self.enums.get(item.type.name)
        if enum is None:
            return {}
        labels = {}
        for value in enum.values:
            mapped = next((a for a in value.attributes if a.name == "map"), None)
            labels[value.name] = string_arg(mapped) or value.name
        return labels


def dialect_of(tree: Schema) -> str:
    for config in tree.configs:
        if config.kind == "datasource":
            provider = config.property("provider")
            if isinstance(provider, StringLit):
                return _DIALECTS.get(provider.value, "postgres")
    return "postgres"


def string_arg(attribute: Attribute | None, name: str = "") -> str | None:
    """A string argument: the one called ``name``, else ``name:`` or the first positional one.

    ``@@map("t")``, ``@@map(name: "t")``, ``@@schema("s")`` all take their value this way.
    """
    if attribute is None:
        return None
    value = attribute.arg(name) if name else attribute.arg("name", position=0)
    return value.value if isinstance(value, StringLit) else None


def field_list(value: Expression | None) -> tuple[str, ...]:
    """The field names of ``[a, b(sort: Desc)]``."""
    if not isinstance(value, ArrayExpr):
        return ()
    return tuple(item.name for item in value.items if isinstance(item, (PathExpr, FunctionCall)))
