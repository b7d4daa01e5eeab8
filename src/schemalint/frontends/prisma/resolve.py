"""Resolving names across the files of a schema: models, enums, their SQL names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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
from schemalint.tools.dialects import POSTGRES, dialect_named


@dataclass(frozen=True)
class Names:
    """Every model and enum of the schema, and how their names become SQL names.

    The lowering asks for a model's table and column names once per field and relation end,
    so each model's and enum's SQL names are worked out once and kept (keyed by name: only
    the declarations in ``models``/``enums`` are ever passed in).
    """

    dialect: str
    models: Mapping[str, Model]
    enums: Mapping[str, Enum]
    _tables: dict[str, tuple[str, str]] = field(default_factory=dict, init=False, repr=False)
    _columns: dict[str, dict[str, str]] = field(default_factory=dict, init=False, repr=False)
    _enum_sql: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _labels: dict[str, dict[str, str]] = field(default_factory=dict, init=False, repr=False)

    def table_of(self, model: Model) -> tuple[str, str]:
        """(schema, table name) after ``@@schema`` and ``@@map``."""
        found = self._tables.get(model.name)
        if found is None:
            schema = string_arg(model.attribute("schema")) or "public"
            found = (schema, string_arg(model.attribute("map")) or model.name)
            self._tables[model.name] = found
        return found

    def columns_of(self, model: Model) -> Mapping[str, str]:
        """Field name to column name (``@map``); the first field wins a repeated name."""
        found = self._columns.get(model.name)
        if found is None:
            found = {
                item.name: string_arg(item.attribute("map")) or item.name
                for item in reversed(model.fields)
            }
            self._columns[model.name] = found
        return found

    def column_of(self, model: Model, field_name: str) -> str:
        return self.columns_of(model).get(field_name, field_name)

    def related_model(self, item: Field) -> Model | None:
        """The model or view a relation field points at (``None`` for scalars and enums)."""
        target = self.models.get(item.type.name)
        if item.type.unsupported or target is None or target.kind == "type":
            return None
        return target

    def is_column(self, item: Field) -> bool:
        return item.type.unsupported or item.type.name not in self.models

    def column_type(self, item: Field, serial: bool = True) -> str:
        """The SQL type; ``serial=False`` gives an autoincrement column's plain integer type."""
        if item.type.unsupported:
            return item.type.name + ("[]" if item.type.is_list else "")
        native = default = None
        for attribute in item.attributes:
            if native is None and attribute.name.startswith("db."):
                native = attribute
            elif default is None and attribute.name == "default":
                default = attribute
        value = default.arg("value", position=0) if default else None
        serial = serial and isinstance(value, FunctionCall) and value.name == "autoincrement"
        return sql.column_type(
            item.type.name,
            native,
            item.type.is_list,
            self.dialect,
            self.enum_sql(item.type.name),
            serial,
        )

    def enum_sql(self, type_name: str) -> str | None:
        """The SQL type name of the enum called ``type_name`` (``None`` if it is no enum)."""
        found = self._enum_sql.get(type_name)
        if found is None:
            enum = self.enums.get(type_name)
            if enum is None:
                return None
            found = string_arg(enum.attribute("map")) or enum.name
            schema = string_arg(enum.attribute("schema"))
            if schema and schema != "public":
                found = f"{schema}.{found}"
            self._enum_sql[type_name] = found
        return found

    def enum_labels(self, item: Field) -> Mapping[str, str]:
        found = self._labels.get(item.type.name)
        if found is None:
            enum = self.enums.get(item.type.name)
            if enum is None:
                return {}
            found = {}
            for value in enum.values:
                mapped = next((a for a in value.attributes if a.name == "map"), None)
                found[value.name] = string_arg(mapped) or value.name
            self._labels[item.type.name] = found
        return found


def dialect_of(tree: Schema) -> str:
    for config in tree.configs:
        if config.kind == "datasource":
            provider = config.property("provider")
            if isinstance(provider, StringLit):
                dialect = dialect_named(provider.value)
                return (dialect or POSTGRES).name
    return POSTGRES.name


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
