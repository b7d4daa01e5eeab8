"""The rules' verdicts agree with what PostgreSQL does, on 15 and 18.

- SL501 reports a statement in a file that goose runs in a transaction exactly when
  PostgreSQL refuses that statement inside a transaction block (25001).
- SL502 reports an index operation on a table that holds rows exactly when another session
  cannot write to the table while the operation runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pgcluster import Cluster
from tests.pgoracle import alone, in_transaction, prepare, while_writer_waits
from tests.rules.helpers import lint

SETUP = (
    "CREATE TABLE tasks (id bigint PRIMARY KEY, status text NOT NULL, note text);\n"
    "CREATE INDEX tasks_status_idx ON tasks (status);\n"
)
MIGRATION = "m/0002_change.sql"

IN_A_TRANSACTION_BLOCK = [
    ("CREATE INDEX CONCURRENTLY tasks_note_idx ON tasks (note)", True),
    ("CREATE UNIQUE INDEX CONCURRENTLY tasks_id_key ON tasks (id)", True),
    ("DROP INDEX CONCURRENTLY tasks_status_idx", True),
    ("REINDEX TABLE CONCURRENTLY tasks", True),
    ("REINDEX INDEX CONCURRENTLY tasks_status_idx", True),
    ("REINDEX SCHEMA public", True),
    ("VACUUM tasks", True),
    ("VACUUM (ANALYZE) tasks", True),
    ("ALTER SYSTEM SET work_mem = '64MB'", True),
    ("CREATE DATABASE other_db", True),
    ("DROP DATABASE IF EXISTS other_db", True),
    ("CREATE INDEX tasks_note_idx ON tasks (note)", False),
    ("DROP INDEX tasks_status_idx", False),
    ("REINDEX TABLE tasks", False),
    ("REINDEX INDEX tasks_status_idx", False),
    ("ANALYZE tasks", False),
]


def _codes(tmp_path: Path, code: str, statement: str, layout: str) -> list[tuple[str, int]]:
    files = [("m/0001_tasks.sql", SETUP), (MIGRATION, f"{statement};\n")]
    seen, _ = lint(tmp_path, files, [code], layout=layout)
    return [(found, line) for found, _, line, _, _ in seen]


@pytest.mark.postgres
@pytest.mark.parametrize(("statement", "refused"), IN_A_TRANSACTION_BLOCK)
def test_sl501_reports_what_postgresql_refuses_in_a_transaction_block(
    postgres_any: Cluster, tmp_path: Path, statement: str, refused: bool
) -> None:
    prepare(postgres_any, "verdict", SETUP)
    outcome = in_transaction(postgres_any, "verdict", [statement])
    assert (outcome.sqlstate == "25001") is refused
    # Where a runner runs it alone, it succeeds.
    assert alone(postgres_any, "verdict", statement) is None
    expected = [("SL501", 1)] if refused else []
    assert _codes(tmp_path, "SL501", statement, "goose") == expected
    assert _codes(tmp_path, "SL501", statement, "plain") == []


BLOCKS_WRITES = [
    ("CREATE INDEX tasks_note_idx ON tasks (note)", True),
    ("CREATE UNIQUE INDEX tasks_id_key ON tasks (id)", True),
    ("DROP INDEX tasks_status_idx", True),
    ("REINDEX TABLE tasks", True),
    ("REINDEX INDEX tasks_status_idx", True),
    ("CREATE INDEX CONCURRENTLY tasks_note_idx ON tasks (note)", False),
    ("DROP INDEX CONCURRENTLY tasks_status_idx", False),
    ("REINDEX TABLE CONCURRENTLY tasks", False),
]


@pytest.mark.postgres
@pytest.mark.parametrize(("statement", "blocks"), BLOCKS_WRITES)
def test_sl502_reports_what_blocks_writes_to_a_table_with_rows(
    postgres_any: Cluster, tmp_path: Path, statement: str, blocks: bool
) -> None:
    prepare(postgres_any, "verdict", SETUP)
    seen = while_writer_waits(postgres_any, "verdict", statement, "tasks")
    assert (seen.error, seen.writes_blocked) == (None, blocks)
    expected = [("SL502", 1)] if blocks else []
    assert _codes(tmp_path, "SL502", statement, "plain") == expected


ENUM_SETUP = (
    "CREATE TYPE task_status AS ENUM ('open', 'done');\n"
    "CREATE TABLE tasks (id bigint PRIMARY KEY, status task_status NOT NULL, title text);\n"
)
ADD_VALUE = "ALTER TYPE task_status ADD VALUE 'archived'"
ENUM_USES = [
    "UPDATE tasks SET status = 'archived' WHERE id = 1",
    "UPDATE tasks SET title = 'x' WHERE status IN ('done', 'archived')",
    "INSERT INTO tasks (id, status) VALUES (7, 'archived')",
    "SELECT 'archived'::task_status",
    "ALTER TABLE tasks ALTER COLUMN status SET DEFAULT 'archived'",
    "CREATE TABLE archive (id bigint, status task_status DEFAULT 'archived')",
    "UPDATE tasks SET title = 'archived'",
    "SELECT 'archived'",
    "UPDATE tasks SET status = 'done' WHERE title = 'archived'",
]


@pytest.mark.postgres
@pytest.mark.parametrize("use", ENUM_USES)
def test_sl501_reports_an_enum_value_use_exactly_when_postgresql_refuses_it(
    postgres_any: Cluster, tmp_path: Path, use: str
) -> None:
    prepare(postgres_any, "verdict", ENUM_SETUP)
    outcome = in_transaction(postgres_any, "verdict", [ADD_VALUE, use])
    assert outcome.sqlstate in (None, "55P04")
    files = [("m/0001_tasks.sql", ENUM_SETUP), (MIGRATION, f"{ADD_VALUE};\n{use};\n")]
    seen, _ = lint(tmp_path, files, ["SL501"], layout="flyway")
    reported = [(code, line) for code, _, line, _, _ in seen]
    assert reported == ([("SL501", 2)] if outcome.sqlstate == "55P04" else [])


@pytest.mark.postgres
def test_detach_partition_concurrently_is_refused_in_a_transaction_block(
    postgres_any: Cluster,
) -> None:
    prepare(
        postgres_any,
        "verdict",
        "CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);\n"
        "CREATE TABLE events_2023 PARTITION OF events "
        "FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');\n"
        "INSERT INTO events VALUES (1, '2023-06-01');\n",
        rows=False,  # the seeding's row would fall outside the partition's range
    )
    detach = "ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY"
    assert in_transaction(postgres_any, "verdict", [detach]).sqlstate == "25001"
    assert alone(postgres_any, "verdict", detach) is None
