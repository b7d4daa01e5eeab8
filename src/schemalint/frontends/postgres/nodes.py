"""Reading libpg_query JSON nodes: names, table references, type names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemalint import ir
from schemalint.frontends.postgres.text import Stmt, name_end

Node = dict[str, Any]

# Types the grammar spells with keywords; libpg_query qualifies them with pg_catalog.
_SYSTEM_SCHEMA = "pg_catalog"
_FIELD_TYPMOD_TYPES = frozenset({"interval"})
SERIAL_TYPES = frozenset({"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"})


def strings(items: list[Node] | None) -> tuple[str, ...]:
    """The values of a list of ``String`` nodes (other nodes, like ``A_Star``, are skipped)."""
    if not items:
        return ()
    # A list, not a generator, into the tuple: called for every name of every statement.
    return tuple([item["String"]["sval"] for item in items if "String" in item])


def table_ref(
    stmt: Stmt, rangevar: Node, *, exact: bool = False, if_exists: bool = False
) -> ir.TableRef:
    """A ``RangeVar`` as a TableRef whose span covers the name as written.

    In a context file the span is the statement's, as ``ir.TableRef`` allows: the replay reads
    no table reference's span but that of the table a CREATE TABLE makes (its catalog name
    span), which callers ask for with ``exact``.
    """
    schema, name = rangevar.get("schemaname"), rangevar.get("relname", "")
    location = rangevar.get("location", -1)
    if location < 0 or (not exact and stmt.piece.context):
        return ir.TableRef(schema, name, stmt.span, if_exists)
    piece = stmt.piece
    start = piece.loc(location)
    return ir.TableRef(schema, name, piece.span(start, name_end(piece.text, start)), if_exists)


def qualified(names: tuple[str, ...]) -> tuple[str | None, str]:
    """(schema or None, name) of a possibly qualified name list."""
    if not names:
        return None, ""
    return (names[-2] if len(names) > 1 else None), names[-1]


def type_name(node: Node | None) -> str:
    """A column type the way the catalog spells it: ``varchar(255)``, ``timestamptz``, ``text[]``."""
    if not node:
        return ""
    return type_text(node, strings(node.get("names")))


def type_text(node: Node, names: tuple[str, ...]) -> str:
    """``type_name`` of a ``TypeName`` node whose ``names`` the caller has already read."""
    if len(names) == 2 and names[0] == _SYSTEM_SCHEMA:
        names = names[1:]
    text = ".".join(names)
    modifiers = node.get("typmods")
    if modifiers and names and names[-1] not in _FIELD_TYPMOD_TYPES:
        values = [_constant(m) for m in modifiers]
        text += "(" + ",".join(v for v in values if v) + ")"
    if node.get("pct_type"):
        text += "%type"
    bounds = node.get("arrayBounds")
    if bounds:
        text += "[]" * len(bounds)
    return text


def _constant(node: Node) -> str:
    const = node.get("A_Const")
    if const is None:
        return ""
    if "ival" in const:
        return str(const["ival"].get("ival", 0))
    if "sval" in const:
        return str(const["sval"].get("sval", ""))
    if "fval" in const:
        return str(const["fval"].get("fval", ""))
    return ""


def walk(node: Any) -> Iterator[tuple[str, Node]]:
    """Every (key, node) below ``node``, depth first in source order (no recursion: a deep
    query must not exhaust Python's stack)."""
    # Only nodes and lists are pushed: the scalars (locations, names) are most of a tree's
    # values, and popping each to find it is neither was most of the cost.
    stack = [node]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        if type(item) is list:
            extend(reversed(item))
            continue
        if type(item) is not dict:
            continue
        below = []
        for key, value in item.items():
            kind = type(value)
            if kind is dict:
                yield key, value
                below.append(value)
            elif kind is list:
                below.append(value)
        if below:
            below.reverse()
            extend(below)
