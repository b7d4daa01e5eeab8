"""SL801 against Prisma's own view of drift, on real databases.

For every seeded case (tests/prisma/drift_cases.py): Prisma's from-empty DDL for the schema
(``@prisma/schema-engine-wasm``, what ``prisma migrate diff --from-empty --script`` prints) is
applied to one throwaway database, the migration history to another, and the two catalogs are
read back (``pg_catalog``; SQLite's own pragmas). Their difference, object by object, must be
exactly the differences SL801 reports, and SL801 must report each once, at the expected place.
The first migration of every case is Prisma's DDL for the base schema, so a case without edits
is an in-sync history by construction.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from schemalint.catalog import replay
from schemalint.catalog.history import HistoryMarks
from schemalint.catalog.model import Catalog
from schemalint.frontends import prisma
from schemalint.frontends.postgres import frontend as pg_frontend
from schemalint.frontends.prisma.scope import scope_of
from schemalint.frontends.sqlglot import frontend as sqlglot_frontend
from schemalint.inputs.discovery import PrismaSchema
from schemalint.rules import _prisma_drift as prisma_drift
from schemalint.source import SourceFile
from schemalint.tools.dialects import SQLITE
from tests.groundtruth.snapshot import Snapshot, from_database
from tests.oracles import oracle_unavailable
from tests.pgcluster import Cluster
from tests.prisma.drift_cases import CASES, INIT, PG_BASE, SCHEMA, SQLITE_BASE, DriftCase
from tests.prisma.prisma_support import ORACLE
from tests.rules.helpers import lint_project

pytestmark = pytest.mark.node

Key = tuple[str, tuple[str, ...]]
Objects = dict[tuple[str, ...], object]
# The columns each index and key is on (a missing or extra column covers them).
Columns = dict[tuple[str, ...], tuple[str, ...]]


@pytest.fixture(scope="session")
def drift_ddl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Prisma's DDL for every case's schema and for the two base schemas, in one Node run."""
    node = shutil.which("node")
    if node is None:
        oracle_unavailable("node is not installed")
    if not (ORACLE / "node_modules" / "@prisma/schema-engine-wasm").is_dir():
        oracle_unavailable("tests/oracle/node_modules is missing (run npm ci in tests/oracle)")
    assert node is not None
    folder = tmp_path_factory.mktemp("drift-schemas")
    paths = {}
    for name, text in [("pg-base", PG_BASE), ("sqlite-base", SQLITE_BASE)] + [
        (case.name, case.schema) for case in CASES
    ]:
        path = folder / f"{name}.prisma"
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    completed = subprocess.run(
        [node, str(ORACLE / "ddl.mjs"), *paths.values()],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    out: dict[str, Any] = json.loads(completed.stdout)
    result = {}
    for name, path in paths.items():
        assert "error" not in out[path], out[path]
        result[name] = out[path]["ddl"]
    return result


def _files(case: DriftCase, ddl: dict[str, str]) -> list[tuple[str, str]]:
    base = ddl["pg-base" if case.provider == "postgres" else "sqlite-base"]
    lock = 'provider = "{}"\n'.format("postgresql" if case.provider == "postgres" else "sqlite")
    return [
        (SCHEMA, case.schema),
        ("prisma/migrations/migration_lock.toml", lock),
        (INIT, base),
        *case.later,
    ]


def _expected(case: DriftCase, init: str) -> set[tuple[str, tuple[str, ...], str, int]]:
    """The case's expectations; line -1 is the line of the object's name in the init DDL."""
    result = set()
    for kind, key, path, line in case.expected:
        if line == -1:
            line = init[: init.index(f'"{key[-1]}"')].count("\n") + 1
        result.add((kind, key, path, line))
    return result


# --- the databases' side ----------------------------------------------------------------


def _pg_objects(snapshot: Snapshot, on: Columns) -> Objects:
    """Every object Prisma manages in a pg_catalog snapshot, keyed like SL801's keys."""
    objects: Objects = {}
    for qualified, shape in snapshot.items():
        schema, table = qualified.split(".", 1)
        if schema != "public":
            continue
        objects[("table", schema, table)] = None
        for name, type_name, not_null, has_default in shape.columns:
            objects[("column", schema, table, name)] = (type_name, not_null, has_default)
        for name, kind, columns, ref, ref_columns, on_delete, _validated in shape.constraints:
            if kind == "unique":
                objects[("index", schema, table, name)] = (columns, True, False)
                on[("index", schema, table, name)] = columns
            elif kind in ("primary_key", "foreign_key"):
                on[("constraint", schema, table, name)] = columns
                objects[("constraint", schema, table, name)] = (
                    kind,
                    columns,
                    ref,
                    ref_columns,
                    on_delete,
                )
        for name, columns, unique, partial, _ in shape.indexes:
            objects[("index", schema, table, name)] = (columns, unique, partial)
            on[("index", schema, table, name)] = tuple(c for c in columns if c is not None)
    return objects


def _sqlite_objects(sql: str, on: Columns) -> Objects:
    """The same from a SQLite database built by ``sql`` (its pragmas)."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(sql)
        objects: Objects = {}
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            objects[("table", "public", table)] = None
            pk = []
            for _, name, type_name, not_null, default, in_pk in connection.execute(
                f'PRAGMA table_info("{table}")'
            ):
                objects[("column", "public", table, name)] = (
                    type_name.lower(),
                    bool(not_null) or bool(in_pk),
                    default is not None,
                )
                if in_pk:
                    pk.append((in_pk, name))
            if pk:
                key = ("constraint", "public", table, "(primary key)")
                objects[key] = on[key] = tuple(name for _, name in sorted(pk))
            for _, name, unique, origin, partial in connection.execute(
                f'PRAGMA index_list("{table}")'
            ):
                if origin != "c":
                    continue  # a PRIMARY KEY or UNIQUE clause's automatic index
                columns = tuple(
                    row[2] for row in connection.execute(f'PRAGMA index_info("{name}")')
                )
                objects[("index", "public", table, name)] = (columns, bool(unique), bool(partial))
                on[("index", "public", table, name)] = columns
            for row in connection.execute(f'PRAGMA foreign_key_list("{table}")'):
                key = ("constraint", "public", table, f"fk:{row[3]}")
                objects[key] = (row[2], row[4])
                on[key] = (row[3],)
        return objects
    finally:
        connection.close()


def _collapse(declared: Objects, migrated: Objects, on: Columns) -> set[Key]:
    """One difference per object; a missing or extra table or column covers what is on it."""
    found: set[Key] = set()
    for key in declared.keys() | migrated.keys():
        ours, theirs = declared.get(key, _ABSENT), migrated.get(key, _ABSENT)
        if ours == theirs:
            continue
        kind = "missing" if theirs is _ABSENT else "extra" if ours is _ABSENT else "differs"
        found.add((kind, key))
    # An index missing under one name and extra under another with the same shape is one
    # rename to Prisma's differ (RenameIndex), reported under the declared name.
    for kind, key in sorted(found):
        if kind == "missing" and key[0] == "index":
            twin = next(
                (
                    other
                    for other_kind, other in found
                    if other_kind == "extra"
                    and other[0] == "index"
                    and other[1:3] == key[1:3]
                    and migrated[other] == declared[key]
                ),
                None,
            )
            if twin is not None:
                found -= {(kind, key), ("extra", twin)}
                found.add(("differs", key))
    gone = {key for kind, key in found if kind != "differs" and key[0] in ("table", "column")}
    return {
        (kind, key)
        for kind, key in found
        if not any(_covers(outer, key, on) for outer in gone if outer != key)
    }


def _covers(outer: tuple[str, ...], key: tuple[str, ...], on: Columns) -> bool:
    if outer[0] == "table":
        return key[1:3] == outer[1:3]
    return key[1:3] == outer[1:3] and outer[3] in on.get(key, ())


_ABSENT = object()


# --- schemalint's side ------------------------------------------------------------------


def _ours(case: DriftCase, files: list[tuple[str, str]]) -> set[Key]:
    schema = prisma.load(PrismaSchema(Path("prisma"), (SourceFile(SCHEMA, case.schema),)))
    history = Catalog(dialect=schema.catalog.dialect)
    marks = HistoryMarks()
    for path, text in files[2:]:
        source = SourceFile(path, text)
        if case.provider == "postgres":
            statements = pg_frontend.parse(source)
        else:
            statements = sqlglot_frontend.parse(source, SQLITE)
        for statement in statements:
            before = dict(history.tables)
            replay.apply(history, statement)
            marks.track(before, history.tables, statement.span)
    found = prisma_drift.differences(schema.catalog, history, scope_of(schema.ast), marks)
    result = set()
    for difference in found:
        key = difference.key
        if case.provider == "sqlite" and key[0] == "constraint":
            table = (schema.catalog if difference.kind == "missing" else history).tables[key[1:3]]
            constraint = table.constraint(key[3])
            assert constraint is not None
            key = (
                *key[:3],
                "(primary key)"
                if constraint.kind == "primary_key"
                else f"fk:{constraint.columns[0]}",
            )
        result.add((difference.kind, key))
    return result


def _cases() -> Iterator[Any]:
    for case in CASES:
        marks = [pytest.mark.postgres] if case.provider == "postgres" else []
        yield pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", list(_cases()))
def test_sl801_reports_exactly_the_drift_prisma_would_find(
    case: DriftCase, drift_ddl: dict[str, str], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    files = _files(case, drift_ddl)
    history_sql = "\n".join(text for _, text in files[2:])
    if case.provider == "postgres":
        cluster: Cluster = request.getfixturevalue("postgres")
        name = "drift_" + case.name.replace("-", "_")
        for suffix, sql in (("_schema", drift_ddl[case.name]), ("_history", history_sql)):
            cluster.create_database(name + suffix)
            result = cluster.psql(name + suffix, "-v", "ON_ERROR_STOP=1", stdin=sql)
            assert result.returncode == 0, result.stderr
    on: Columns = {}
    if case.provider == "postgres":
        declared = _pg_objects(from_database(cluster, name + "_schema"), on)
        migrated = _pg_objects(from_database(cluster, name + "_history"), on)
    else:
        declared = _sqlite_objects(drift_ddl[case.name], on)
        migrated = _sqlite_objects(history_sql, on)
    for objects in (declared, migrated):
        for key in [k for k in objects if k[2] in case.ignored]:
            del objects[key]
    databases = _collapse(declared, migrated, on)
    expected = _expected(case, files[2][1])
    assert {(kind, key) for kind, key, _, _ in expected} == databases
    assert _ours(case, files) == databases
    # Through the CLI's discovery, once per difference, where expected.
    found = lint_project(tmp_path, files, ["SL801"])
    assert {(path, line) for _, path, line, _, _ in found} == {
        (path, line) for _, _, path, line in expected
    }
    assert len(found) == len(expected)
