"""Our parser against Prisma's own (the DMMF of @prisma/prisma-schema-wasm, run with Node).

For every fixture, the models, fields (types, modifiers, defaults, native types, docs),
relations, @map/@@map names, enums and indexes our syntax tree describes must equal what
Prisma's parser reports. Skips without Node or without ``npm ci`` in tests/oracle, except when
SCHEMALINT_REQUIRE_ORACLES=1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from schemalint.frontends.prisma.tree import (
    ArrayExpr,
    Attribute,
    Expression,
    Field,
    FunctionCall,
    Model,
    NumberLit,
    PathExpr,
    Schema,
    StringLit,
)
from tests.prisma.prisma_support import REPO, fixture_id, fixture_targets, load_fixture, run_oracle

pytestmark = pytest.mark.node
_SCALARS = {"String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes"}


@pytest.fixture(scope="module")
def dmmf() -> dict[str, Any]:
    """Prisma's DMMF of every fixture, from one Node process."""
    return run_oracle("dmmf.js", fixture_targets(), "prisma-schema-wasm-7")


@pytest.mark.parametrize("target", fixture_targets(), ids=fixture_id)
def test_fixture_parses_like_prisma(target: Path, dmmf: dict[str, Any]) -> None:
    theirs = dmmf[target.relative_to(REPO).as_posix()]
    assert "error" not in theirs, theirs.get("error")
    loaded = load_fixture(target)
    assert loaded.errors == ()
    datamodel = theirs["datamodel"]
    assert _our_models(loaded.ast) == _their_models(datamodel)
    assert _our_models(loaded.ast, "type") == _their_models(datamodel, "types")
    assert _our_enums(loaded.ast) == _their_enums(datamodel)
    assert _our_indexes(loaded.ast) == _their_indexes(datamodel)


# --- what Prisma reports, reduced to what we compare -------------------------------------


def _their_models(datamodel: dict[str, Any], key: str = "models") -> dict[str, Any]:
    return {
        m["name"]: {
            "dbName": m["dbName"],
            "schema": m.get("schema"),
            "documentation": m.get("documentation"),
            "fields": [_their_field(f) for f in m["fields"]],
        }
        for m in datamodel[key]
    }


def _their_field(field: dict[str, Any]) -> dict[str, Any]:
    result = {
        key: field.get(key)
        for key in (
            "name",
            "kind",
            "type",
            "isList",
            "isRequired",
            "isId",
            "isUnique",
            "isUpdatedAt",
            "hasDefaultValue",
            "dbName",
            "nativeType",
            "documentation",
            "relationName",
            "relationOnDelete",
            "relationOnUpdate",
        )
    }
    # Composite-type fields omit the flags that cannot apply to them.
    for flag in ("isId", "isUnique", "isUpdatedAt", "hasDefaultValue"):
        result[flag] = field.get(flag, False)
    result["default"] = _plain(field.get("default"))
    if "relationName" in field:
        result["relationFromFields"] = field.get("relationFromFields")
        result["relationToFields"] = field.get("relationToFields")
    return result


def _plain(value: Any) -> Any:
    """Numbers compare by value (Prisma prints Decimal 0.00 as 0)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {"name": value["name"], "args": [_plain(a) for a in value["args"]]}
    return value


def _their_enums(datamodel: dict[str, Any]) -> dict[str, Any]:
    return {
        e["name"]: {
            "dbName": e.get("dbName"),
            "documentation": e.get("documentation"),
            "values": [(v["name"], v.get("dbName"), v.get("documentation")) for v in e["values"]],
        }
        for e in datamodel["enums"]
    }


def _their_indexes(datamodel: dict[str, Any]) -> list[str]:
    keep = ("model", "type", "isDefinedOnField", "name", "dbName", "algorithm", "fields")
    return sorted(
        json.dumps({k: i.get(k) for k in keep}, sort_keys=True) for i in datamodel["indexes"]
    )


# --- the same facts from our syntax tree --------------------------------------------------


def _our_models(schema: Schema, kind: str = "model") -> dict[str, Any]:
    """Models and views (the DMMF lists both as models), or composite types."""
    models = {m.name: m for m in schema.models}
    enums = {e.name for e in schema.enums}
    return {
        m.name: {
            "dbName": _string(m.attribute("map")),
            "schema": _string(m.attribute("schema")),
            "documentation": m.documentation,
            "fields": [
                _our_field(m, f, models, enums)
                for f in m.fields
                if not f.type.unsupported and f.attribute("ignore") is None
            ],
        }
        for m in schema.models
        if (m.kind == kind or (kind == "model" and m.kind == "view"))
        and m.attribute("ignore") is None
    }


def _our_field(model: Model, field: Field, models: dict[str, Model], enums: set[str]) -> Any:
    kind = "enum" if field.type.name in enums else "scalar"
    relation = field.attribute("relation")
    if field.type.name in models:
        kind = "object"
    native = next((a for a in field.attributes if a.name.startswith("db.")), None)
    default = field.attribute("default")
    result = {
        "name": field.name,
        "kind": kind,
        "type": field.type.name,
        "isList": field.type.is_list,
        "isRequired": not field.type.optional,
        "isId": field.attribute("id") is not None,
        "isUnique": field.attribute("unique") is not None,
        "isUpdatedAt": field.attribute("updatedAt") is not None,
        "hasDefaultValue": default is not None,
        "dbName": _string(field.attribute("map")),
        "nativeType": _native(native) if native else None,
        "documentation": field.documentation,
        "relationName": None,
        "relationOnDelete": _action(relation, "onDelete"),
        "relationOnUpdate": _action(relation, "onUpdate"),
        "default": _default(field, default),
    }
    if kind == "object" and models[field.type.name].kind != "type":
        name = _string(relation) if relation else None
        result["relationName"] = name or "To".join(sorted((model.name, field.type.name)))
        result["relationFromFields"] = _names(relation.arg("fields") if relation else None)
        result["relationToFields"] = _names(relation.arg("references") if relation else None)
    return result


def _our_enums(schema: Schema) -> dict[str, Any]:
    return {
        e.name: {
            "dbName": _string(e.attribute("map")),
            "documentation": e.documentation,
            "values": [
                (
                    v.name,
                    _string(next((a for a in v.attributes if a.name == "map"), None)),
                    v.documentation,
                )
                for v in e.values
            ],
        }
        for e in schema.enums
    }


_INDEX_KINDS = {"id": "id", "unique": "unique", "index": "normal", "fulltext": "fulltext"}


def _our_indexes(schema: Schema) -> list[str]:
    indexes = []
    for model in schema.models:
        if model.kind == "type" or model.attribute("ignore") is not None:
            continue
        for field in model.fields:
            for kind in ("id", "unique"):
                attribute = field.attribute(kind)
                if attribute is not None:
                    fields = [_index_field(PathExpr(field.name, attribute.span), attribute)]
                    indexes.append(_index(model, kind, True, attribute, fields))
        for attribute in model.attributes:
            if attribute.name in _INDEX_KINDS:
                items = attribute.arg("fields", position=0)
                assert isinstance(items, ArrayExpr)
                fields = [_index_field(item, None) for item in items.items]
                index = _index(model, _INDEX_KINDS[attribute.name], False, attribute, fields)
                indexes.append(index)
    return sorted(json.dumps(i, sort_keys=True) for i in indexes)


def _index(
    model: Model, kind: str, on_field: bool, attribute: Attribute, fields: list[Any]
) -> dict[str, Any]:
    algorithm = attribute.arg("type")
    db_name = _string(attribute, "map")
    if kind == "normal":
        db_name = db_name or _string(attribute, "name")
    return {
        "model": model.name,
        "type": kind,
        "isDefinedOnField": on_field,
        "name": None if kind == "normal" else _string(attribute, "name"),
        "dbName": db_name,
        "algorithm": algorithm.name if isinstance(algorithm, PathExpr) else None,
        "fields": fields,
    }


def _index_field(item: Expression, field_attribute: Attribute | None) -> dict[str, Any]:
    assert isinstance(item, (PathExpr, FunctionCall))
    result: dict[str, Any] = {"name": item.name}
    source = field_attribute if field_attribute is not None else item
    for argument in source.args if isinstance(source, (Attribute, FunctionCall)) else ():
        value = argument.value
        if argument.name == "sort" and isinstance(value, PathExpr):
            result["sortOrder"] = value.name.lower()
        elif argument.name == "length" and isinstance(value, NumberLit):
            result["length"] = int(value.text)
        elif argument.name == "ops":
            if isinstance(value, PathExpr):
                result["operatorClass"] = value.name
            elif isinstance(value, FunctionCall) and isinstance(value.args[0].value, StringLit):
                result["operatorClass"] = value.args[0].value.value
    return result


def _string(attribute: Attribute | None, name: str = "") -> str | None:
    if attribute is None:
        return None
    value = attribute.arg(name) if name else attribute.arg("name", position=0)
    return value.value if isinstance(value, StringLit) else None


def _names(value: Expression | None) -> list[str]:
    if not isinstance(value, ArrayExpr):
        return []
    return [item.name for item in value.items if isinstance(item, PathExpr)]


def _action(relation: Attribute | None, name: str) -> str | None:
    value = relation.arg(name) if relation else None
    return value.name if isinstance(value, PathExpr) else None


def _native(attribute: Attribute) -> list[Any]:
    args = []
    for argument in attribute.args:
        value = argument.value
        args.append(value.text if isinstance(value, NumberLit) else _value(value))
    return [attribute.name.split(".", 1)[1], args]


# Prisma's DMMF spells out the default version of these generators.
_IMPLIED_ARGS = {"uuid": [4.0], "cuid": [1.0]}


def _default(field: Field, default: Attribute | None) -> Any:
    if default is None:
        return None
    value = default.arg("value", position=0)
    if field.type.name == "BigInt" and isinstance(value, NumberLit):
        return value.text  # the DMMF keeps BigInt defaults as strings, exactly
    result = _value(value)
    if isinstance(value, FunctionCall) and not value.args and value.name in _IMPLIED_ARGS:
        result["args"] = _IMPLIED_ARGS[value.name]
    return result


def _value(value: Expression | None) -> Any:
    if isinstance(value, StringLit):
        return value.value
    if isinstance(value, NumberLit):
        return float(value.text)
    if isinstance(value, PathExpr):
        return {"true": True, "false": False}.get(value.name, value.name)
    if isinstance(value, ArrayExpr):
        return [_value(item) for item in value.items]
    if isinstance(value, FunctionCall):
        return {"name": value.name, "args": [_value(a.value) for a in value.args]}
    return None
