"""SL501 concurrently-in-transaction: one scenario per runner transaction model."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.helpers import lint

TABLE = ("m/0001_tasks.sql", "CREATE TABLE tasks (id bigint PRIMARY KEY, status text);\n")
CIC = "CREATE INDEX CONCURRENTLY tasks_status_idx ON tasks (status);\n"
TWO = "ALTER TABLE tasks ADD COLUMN note text;\n" + CIC
MESSAGE = "`CREATE INDEX CONCURRENTLY` cannot run inside a transaction block, and here "


def _found(tmp_path: Path, layout: str, text: str) -> list[tuple[str, str, int, int, str]]:
    seen, _ = lint(tmp_path, [TABLE, ("m/0002_index.sql", text)], ["SL501"], layout=layout)
    return seen


@pytest.mark.parametrize(
    ("layout", "text", "line", "why"),
    [
        # Each file in its own transaction (goose, dbmate, graphile-migrate).
        ("goose", CIC, 1, "goose runs each migration file in a transaction"),
        ("dbmate", CIC, 1, "dbmate runs each migration file in a transaction"),
        # Each file as one query string: implicit transaction once it has two statements.
        (
            "golang-migrate",
            TWO,
            2,
            "golang-migrate sends the file as one query string, which PostgreSQL runs as one "
            "implicit transaction when it holds several statements",
        ),
        (
            "prisma",
            TWO,
            2,
            "Prisma Migrate sends the file as one query string, which PostgreSQL runs as one "
            "implicit transaction when it holds several statements",
        ),
        # Every pending migration in one transaction.
        ("drizzle", CIC, 1, "drizzle-kit runs every pending migration in one transaction"),
        # Statements on their own, but the file says BEGIN.
        (
            "plain",
            "BEGIN;\n" + CIC + "COMMIT;\n",
            2,
            "the file's own `BEGIN` opens a transaction block around it",
        ),
    ],
)
def test_concurrently_inside_the_runners_transaction_is_reported(
    tmp_path: Path, layout: str, text: str, line: int, why: str
) -> None:
    assert _found(tmp_path, layout, text) == [("SL501", "m/0002_index.sql", line, 1, MESSAGE + why)]


@pytest.mark.parametrize(
    ("layout", "text"),
    [
        ("goose", "-- +goose NO TRANSACTION\n" + CIC),  # opted out
        ("dbmate", "-- migrate:up transaction:false\n" + CIC),  # opted out, one statement
        ("golang-migrate", CIC),  # one statement: no implicit transaction
        ("prisma", CIC),
        ("supabase", TWO),  # the CLI pulls it out of the file's batch
        ("flyway", TWO),  # Flyway runs a script holding it without a transaction
        ("plain", TWO),  # psql: each statement on its own
    ],
)
def test_concurrently_where_the_runner_runs_it_alone_is_not_reported(
    tmp_path: Path, layout: str, text: str
) -> None:
    assert _found(tmp_path, layout, text) == []


def test_an_opted_out_dbmate_file_with_two_statements_is_still_one_query_string(
    tmp_path: Path,
) -> None:
    found = _found(tmp_path, "dbmate", "-- migrate:up transaction:false\n" + TWO)
    assert found == [
        (
            "SL501", "m/0002_index.sql", 3, 1,
            MESSAGE + "dbmate sends the file as one query string, which PostgreSQL runs as one "
            "implicit transaction when it holds several statements",
        )
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("statement", "command"),
    [
        ("VACUUM tasks;", "VACUUM"),
        ("ALTER SYSTEM SET work_mem = '64MB';", "ALTER SYSTEM"),
        ("CREATE DATABASE reports;", "CREATE DATABASE"),
        ("DROP INDEX CONCURRENTLY tasks_pkey;", "DROP INDEX CONCURRENTLY"),
        ("REINDEX TABLE CONCURRENTLY tasks;", "REINDEX TABLE CONCURRENTLY"),
        ("REINDEX SCHEMA public;", "REINDEX SCHEMA"),
        (
            "CREATE UNIQUE INDEX CONCURRENTLY t_id ON tasks (id);",
            "CREATE UNIQUE INDEX CONCURRENTLY",
        ),
    ],
)
def test_every_statement_that_refuses_a_transaction_block_is_reported(
    tmp_path: Path, statement: str, command: str
) -> None:
    found = _found(tmp_path, "goose", f"-- a comment\n  {statement}\n")
    assert found == [
        (
            "SL501", "m/0002_index.sql", 2, 3,
            f"`{command}` cannot run inside a transaction block, and here goose runs each "
            "migration file in a transaction",
        )
    ]  # fmt: skip


def test_reindex_of_one_index_and_analyze_run_in_a_transaction(tmp_path: Path) -> None:
    assert _found(tmp_path, "goose", "REINDEX INDEX tasks_pkey;\nANALYZE tasks;\n") == []


def test_the_help_says_how_the_runner_runs_it_alone(tmp_path: Path) -> None:
    files = [TABLE, ("m/0002_index.sql", CIC)]
    _, goose = lint(tmp_path, files, ["SL501"], layout="goose")
    _, drizzle = lint(tmp_path, files, ["SL501"], layout="drizzle")
    assert [f.help for f in goose + drizzle] == [
        'PostgreSQL stops the migration with error 25001 ("cannot run inside a transaction '
        'block"). Write `CREATE INDEX CONCURRENTLY ...` alone in a migration of its own that '
        "starts with `-- +goose NO TRANSACTION`: goose then runs it outside a transaction block.",
        'PostgreSQL stops the migration with error 25001 ("cannot run inside a transaction '
        'block"). drizzle-kit runs every pending migration in one transaction, where it cannot '
        "run: run `CREATE INDEX CONCURRENTLY ...` out of band (with psql, before the deploy), "
        "and keep the migration's statement idempotent (`IF NOT EXISTS`) so that it finds the "
        "work done.",
    ]


ENUM = (
    "m/0001_tasks.sql",
    "CREATE TYPE task_status AS ENUM ('open', 'done');\n"
    "CREATE TABLE tasks (id bigint PRIMARY KEY, status task_status, title text);\n",
)


@pytest.mark.parametrize(
    ("use", "reported"),
    [
        ("UPDATE tasks SET status = 'archived';", True),
        ("INSERT INTO tasks (id, status) VALUES (1, 'archived');", True),
        ("SELECT 'archived'::task_status;", True),
        ("ALTER TABLE tasks ALTER COLUMN status SET DEFAULT 'archived';", True),
        ("UPDATE tasks SET title = 'archived';", False),  # a text column
        ("SELECT 'archived';", False),  # neither the type nor a table of it
        ("UPDATE tasks SET status = 'done';", False),  # not the new value
        ("CREATE TABLE notes (body text DEFAULT 'archived');", False),
    ],
)
def test_an_enum_value_used_in_the_transaction_that_adds_it_is_reported(
    tmp_path: Path, use: str, reported: bool
) -> None:
    text = f"ALTER TYPE task_status ADD VALUE 'archived';\n{use}\n"
    seen, _ = lint(tmp_path, [ENUM, ("m/0002_enum.sql", text)], ["SL501"], layout="flyway")
    expected = [
        (
            "SL501", "m/0002_enum.sql", 2, 1,
            "Enum value `'archived'` of `task_status` is used in the transaction that adds it, "
            "and here Flyway runs each migration file in a transaction",
        )
    ]  # fmt: skip
    assert seen == (expected if reported else [])


def test_an_enum_value_used_in_a_later_file_or_outside_a_transaction_is_not_reported(
    tmp_path: Path,
) -> None:
    add = "ALTER TYPE public.task_status ADD VALUE IF NOT EXISTS 'archived';\n"
    use = "UPDATE tasks SET status = 'archived';\n"
    files = [ENUM, ("m/0002_enum.sql", add), ("m/0003_use.sql", use)]
    assert lint(tmp_path, files, ["SL501"], layout="flyway")[0] == []
    assert lint(tmp_path, [ENUM, ("m/0002_enum.sql", add + use)], ["SL501"])[0] == []


def test_detach_partition_concurrently_in_a_transaction_is_reported(tmp_path: Path) -> None:
    files = [
        (
            "m/0001_events.sql",
            "CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);\n"
            "CREATE TABLE events_2023 PARTITION OF events\n"
            "  FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');\n",
        ),
        (
            "m/0002_detach.sql",
            "ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;\n"
            "ALTER TABLE events DETACH PARTITION events_2023;\n",
        ),
    ]
    seen, _ = lint(tmp_path, files, ["SL501"], layout="goose")
    assert seen == [
        (
            "SL501", "m/0002_detach.sql", 1, 1,
            "`DETACH PARTITION ... CONCURRENTLY` cannot run inside a transaction block, and "
            "here goose runs each migration file in a transaction",
        )
    ]  # fmt: skip
