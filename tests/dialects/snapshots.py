"""Comparable snapshots of a schema: from a real database, and from a replayed Catalog.

A snapshot maps each table to its columns (name, NOT NULL), its indexes (name, columns,
unique) and its foreign keys (name, columns, referenced table, referenced columns).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from schemalint.catalog.model import Catalog
from tests.dialects.mariadb import Server

Snapshot = dict[str, dict[str, frozenset[tuple[object, ...]]]]


def _table(
    columns: set[tuple[object, ...]], indexes: set[tuple[object, ...]], fks: set[tuple[object, ...]]
) -> dict[str, frozenset[tuple[object, ...]]]:
    return {"columns": frozenset(columns), "indexes": frozenset(indexes), "fks": frozenset(fks)}


def from_catalog(catalog: Catalog, unnamed_fks: bool = False) -> Snapshot:
    """``unnamed_fks``: SQLite stores no foreign-key names, so they are left out."""
    result: Snapshot = {}
    for table in catalog:
        columns = {(c.name, c.not_null) for c in table.columns}
        indexes: set[tuple[object, ...]] = set()
        for constraint in table.constraints:
            if constraint.kind == "primary_key":
                indexes.add(
                    ("PRIMARY" if catalog.dialect == "mysql" else "pk", constraint.columns, True)
                )
            elif constraint.kind == "unique":
                indexes.add((None, constraint.columns, True))
        indexes |= {(i.name, i.columns, i.unique) for i in table.indexes}
        fks = {
            (None if unnamed_fks else c.name, c.columns, c.ref_table, c.ref_columns)
            for c in table.foreign_keys
        }
        result[table.name] = _table(columns, indexes, fks)
    return result


def from_sqlite(connection: sqlite3.Connection) -> Snapshot:
    result: Snapshot = {}
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for name in names:
        info = connection.execute(f'PRAGMA table_info("{name}")').fetchall()
        columns = {(row[1], bool(row[3])) for row in info}
        indexes: set[tuple[object, ...]] = set()
        pk = tuple(row[1] for row in sorted(info, key=lambda r: r[5]) if row[5])
        if pk:
            indexes.add(("pk", pk, True))
        for _, index, unique, origin, _partial in connection.execute(
            f'PRAGMA index_list("{name}")'
        ):
            if origin == "pk":
                continue
            keys = tuple(r[2] for r in connection.execute(f'PRAGMA index_info("{index}")'))
            indexes.add((index if origin == "c" else None, keys, bool(unique)))
        grouped: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        for row in connection.execute(f'PRAGMA foreign_key_list("{name}")'):
            grouped[row[0]].append((row[2], row[3], row[4]))
        fks = {
            (None, tuple(r[1] for r in rows), rows[0][0], tuple(r[2] for r in rows))
            for rows in grouped.values()
        }
        result[name] = _table(columns, indexes, fks)
    return result


def from_mariadb(server: Server, database: str) -> Snapshot:
    where = f"table_schema = '{database}'"
    columns: dict[str, set[tuple[object, ...]]] = defaultdict(set)
    for table, column, nullable in server.run(
        f"SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE {where}"
    ):
        columns[table].add((column, nullable == "NO"))
    parts: dict[tuple[str, str], list[tuple[int, str, bool]]] = defaultdict(list)
    for table, index, non_unique, seq, column in server.run(
        f"SELECT table_name, index_name, non_unique, seq_in_index, column_name "
        f"FROM information_schema.statistics WHERE {where}"
    ):
        parts[(table, index)].append((int(seq), column, non_unique == "0"))
    indexes: dict[str, set[tuple[object, ...]]] = defaultdict(set)
    for (table, index), rows in parts.items():
        rows.sort()
        indexes[table].add((index, tuple(r[1] for r in rows), rows[0][2]))
    fk_parts: dict[tuple[str, str], list[tuple[int, str, str, str]]] = defaultdict(list)
    for table, name, column, ref_table, ref_column, position in server.run(
        f"SELECT table_name, constraint_name, column_name, referenced_table_name, "
        f"referenced_column_name, ordinal_position FROM information_schema.key_column_usage "
        f"WHERE {where} AND referenced_table_name IS NOT NULL"
    ):
        fk_parts[(table, name)].append((int(position), column, ref_table, ref_column))
    fks: dict[str, set[tuple[object, ...]]] = defaultdict(set)
    for (table, name), rows in fk_parts.items():
        rows.sort()
        fks[table].add((name, tuple(r[1] for r in rows), rows[0][2], tuple(r[3] for r in rows)))
    return {t: _table(columns[t], indexes[t], fks[t]) for t in columns}
