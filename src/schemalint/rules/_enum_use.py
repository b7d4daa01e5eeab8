"""Whether a statement uses an enum value: the places where PostgreSQL coerces a string
literal to the enum type, read from the statement's parse tree.

A literal becomes a value of the type where it is cast to the type (``'x'::status``),
compared with or assigned to a column of the type (``status = 'x'``, ``status IN (...)``,
``UPDATE ... SET status = 'x'``, ``INSERT (..., status) VALUES (..., 'x')``), or made the
default of such a column. A literal elsewhere (``title = 'x'`` on a text column) stays text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemalint import ir
from schemalint.catalog.model import Catalog

Node = dict[str, Any]


def enum_columns(catalog: Catalog, type_name: str) -> frozenset[str]:
    """Names of the columns (of any table) whose type is ``type_name``."""
    return frozenset(
        column.name
        for table in catalog
        for column in table.columns
        if column.type_name.rsplit(".", 1)[-1].strip('"') == type_name
    )


def uses_enum_value(text: str, added: ir.AddEnumValue, columns: frozenset[str]) -> bool:
    """Whether the statement ``text`` makes ``added.value`` a value of its enum type."""
    if added.value not in text.replace("''", "'"):
        return False
    from schemalint.frontends.postgres.pglast_parser import ParseError, decode, parse_sql_json

    try:
        tree = decode(parse_sql_json(text))
    except (ParseError, RecursionError, ValueError):
        return False
    return any(_uses(node, added, columns) for node in _nodes(tree))


def _nodes(value: Any) -> Iterator[Node]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _is_value(node: Any, value: str) -> bool:
    if isinstance(node, dict) and "A_Const" in node:
        return bool(node["A_Const"].get("sval", {}).get("sval") == value)
    if isinstance(node, dict) and "List" in node:
        return any(_is_value(item, value) for item in node["List"].get("items", ()))
    return False


def _column(node: Any) -> str | None:
    if isinstance(node, dict) and "ColumnRef" in node:
        fields = node["ColumnRef"].get("fields", ())
        if fields and "String" in fields[-1]:
            name = fields[-1]["String"].get("sval")
            return name if isinstance(name, str) else None
    return None


def _type_is(type_node: Any, type_name: str) -> bool:
    names: list[Node] = type_node.get("names", []) if isinstance(type_node, dict) else []
    return bool(names) and names[-1].get("String", {}).get("sval") == type_name


def _uses(node: Node, added: ir.AddEnumValue, columns: frozenset[str]) -> bool:
    value = added.value
    if "TypeCast" in node:
        cast = node["TypeCast"]
        return _is_value(cast.get("arg"), value) and _type_is(cast.get("typeName"), added.type_name)
    if "A_Expr" in node:
        expr = node["A_Expr"]
        left, right = expr.get("lexpr"), expr.get("rexpr")
        return (_column(left) in columns and _is_value(right, value)) or (
            _column(right) in columns and _is_value(left, value)
        )
    if "UpdateStmt" in node:
        return any(
            t.get("ResTarget", {}).get("name") in columns
            and _is_value(t["ResTarget"].get("val"), value)
            for t in node["UpdateStmt"].get("targetList", ())
        )
    if "InsertStmt" in node:
        insert = node["InsertStmt"]
        names = [c.get("ResTarget", {}).get("name") for c in insert.get("cols", ())]
        rows = insert.get("selectStmt", {}).get("SelectStmt", {}).get("valuesLists", ())
        return any(
            name in columns and _is_value(item, value)
            for row in rows
            for name, item in zip(names, row.get("List", {}).get("items", ()), strict=False)
        )
    if "AlterTableCmd" in node:
        cmd = node["AlterTableCmd"]
        return (
            cmd.get("subtype") == "AT_ColumnDefault"
            and cmd.get("name") in columns
            and _is_value(cmd.get("def"), value)
        )
    if "ColumnDef" in node:
        column = node["ColumnDef"]
        if not _type_is(column.get("typeName"), added.type_name):
            return False
        defaults = [column.get("raw_default")] + [
            c.get("Constraint", {}).get("raw_expr") for c in column.get("constraints", ())
        ]
        return any(_is_value(d, value) for d in defaults)
    return False
