"""REINDEX and the statements PostgreSQL never runs inside a transaction block."""

from __future__ import annotations

from types import MappingProxyType

from schemalint import ir
from schemalint.frontends.postgres.nodes import Node, strings, table_ref
from schemalint.frontends.postgres.text import Stmt

_REINDEX_TARGETS: MappingProxyType[str, ir.ReindexTarget] = MappingProxyType(
    {
        "REINDEX_OBJECT_INDEX": "index",
        "REINDEX_OBJECT_TABLE": "table",
        "REINDEX_OBJECT_SCHEMA": "schema",
        "REINDEX_OBJECT_DATABASE": "database",
        "REINDEX_OBJECT_SYSTEM": "system",
    }
)


def reindex(node: Node, stmt: Stmt) -> list[ir.Statement]:
    target = _REINDEX_TARGETS.get(node.get("kind", ""))
    if target is None:
        return [ir.Opaque(stmt.span, "ReindexStmt")]
    options = {
        p.get("DefElem", {}).get("defname") for p in node.get("params", ()) if "DefElem" in p
    }
    concurrently = "concurrently" in options
    relation = node.get("relation")
    if target == "table" and relation:
        table = table_ref(stmt, relation)
        return [ir.Reindex(stmt.span, target, concurrently, table=table)]
    if target == "index" and relation:
        index = (relation.get("schemaname"), relation.get("relname", ""))
        return [ir.Reindex(stmt.span, target, concurrently, index=index)]
    return [ir.Reindex(stmt.span, target, concurrently)]


def vacuum(node: Node, stmt: Stmt) -> list[ir.Statement]:
    # ANALYZE (without VACUUM) runs in a transaction block; VACUUM never does.
    if node.get("is_vacuumcmd"):
        options = {
            option.get("DefElem", {}).get("defname", "") for option in node.get("options", ())
        }
        rewrites: tuple[ir.TableRef, ...] = ()
        full = "full" in options
        if full:
            rewrites = tuple(
                table_ref(stmt, rel["VacuumRelation"]["relation"])
                for rel in node.get("rels", ())
                if "relation" in rel.get("VacuumRelation", {})
            )
        every = full and not node.get("rels")
        return [ir.NonTransactional(stmt.span, "VACUUM", rewrites=rewrites, rewrites_all=every)]
    return [ir.Opaque(stmt.span, "VacuumStmt")]


def cluster(node: Node, stmt: Stmt) -> list[ir.Statement]:
    relation = node.get("relation")
    tables = (table_ref(stmt, relation),) if relation else ()
    return [ir.RewriteTable(stmt.span, "CLUSTER", tables)]


def alter_enum(node: Node, stmt: Stmt) -> list[ir.Statement]:
    names = strings(node.get("typeName"))
    value = node.get("newVal")
    if node.get("oldVal") is not None or value is None or not 1 <= len(names) <= 2:
        return [ir.Opaque(stmt.span, "AlterEnumStmt")]
    schema = names[0] if len(names) == 2 else None
    return [ir.AddEnumValue(stmt.span, schema, names[-1], value)]


def non_transactional(command: str, node: Node, stmt: Stmt) -> list[ir.Statement]:
    return [ir.NonTransactional(stmt.span, command)]
