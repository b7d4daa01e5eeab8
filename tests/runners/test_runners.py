"""The real Supabase CLI and dbmate apply migrations to a throwaway PostgreSQL, confirming the
transaction models schemalint uses (``schemalint.tools.runners``).

Each case is a migration folder; the runner applies it; the database says what ran. The model,
asked about the same files as discovery reads them, must predict the same: a statement the
model runs inside a transaction block is exactly a ``CREATE INDEX CONCURRENTLY`` that fails.
Both runners come from npm (tests/oracle/package.json); they reach the cluster on its socket.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from schemalint.inputs.discovery import discover
from schemalint.tools.transactions import FileRun
from tests.oracles import oracle_unavailable
from tests.pgcluster import Cluster
from tests.trees import write_tree

BIN = Path(__file__).resolve().parents[1] / "oracle" / "node_modules" / ".bin"
SUPABASE_VERSION = (2, 117, 0)
_counter = iter(range(1_000_000))


def _runner(name: str) -> str:
    path = BIN / name
    if not path.exists():
        oracle_unavailable(f"{name} is not installed (npm ci in tests/oracle)")
    return str(path)


def _database(postgres: Cluster) -> str:
    name = f"runner_{os.getpid()}_{next(_counter)}"
    postgres.create_database(name)
    return name


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # HOME in the test folder: the Supabase CLI keeps a profile there.
    env = {**os.environ, "HOME": str(cwd), "DO_NOT_TRACK": "1"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=180)


def _planned(folder: Path, cwd: Path, version: tuple[int, ...] | None = None) -> list[FileRun]:
    """How schemalint's model says each file of the folder runs."""
    (stream,) = discover([folder], cwd=cwd).streams
    model = stream.tool.transaction_model(version)
    runs = []
    for source in stream.files:
        statements = stream.dialect.parse(source, context=True)
        texts = [source.masked[s.span.start : s.span.end] for s in statements]
        runs.append(model.run(source.text, texts))
    return runs


def _query(postgres: Cluster, database: str, sql: str) -> list[str]:
    return postgres.execute(database, sql).split()


DBMATE_FILES = {
    "db/migrations/20240101000000_table.sql": (
        "-- migrate:up\nCREATE TABLE t (a int);\n\n-- migrate:down\nDROP TABLE t;\n"
    ),
    "db/migrations/20240102000000_alone.sql": (
        "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n\n"
        "-- migrate:down\nDROP INDEX t_a;\n"
    ),
    "db/migrations/20240103000000_after.sql": (
        "-- migrate:up transaction:false\nCREATE TABLE u (b int);\n"
        "CREATE INDEX CONCURRENTLY u_b ON u (b);\n\n-- migrate:down\nDROP TABLE u;\n"
    ),
}


def test_dbmate_runs_a_lone_concurrent_index_but_not_one_after_another_statement(
    postgres: Cluster, tmp_path: Path
) -> None:
    dbmate = _runner("dbmate")
    write_tree(tmp_path, DBMATE_FILES)
    database = _database(postgres)
    url = f"postgres://postgres@/{database}?socket={postgres.socket_dir}&sslmode=disable"
    done = _run([dbmate, "--url", url, "--no-dump-schema", "up"], tmp_path)
    assert done.returncode != 0
    assert "CREATE INDEX CONCURRENTLY cannot run inside a transaction block" in done.stderr
    applied = _query(postgres, database, "SELECT version FROM schema_migrations ORDER BY 1;")
    assert applied == ["20240101000000", "20240102000000"]
    indexes = "SELECT indexname FROM pg_indexes WHERE tablename IN ('t', 'u') ORDER BY 1;"
    assert _query(postgres, database, indexes) == ["t_a"]
    # The third file was one implicit transaction: its CREATE TABLE was rolled back too.
    assert _query(postgres, database, "SELECT count(*) FROM pg_class WHERE relname = 'u';") == ["0"]
    runs = _planned(Path("db/migrations"), tmp_path)
    assert [run.opted_out for run in runs] == [False, True, True]
    assert (runs[1].in_transaction(0), runs[2].in_transaction(1)) == (False, True)
    assert runs[2].atomic


SUPABASE_FILES = {
    "supabase/migrations/20240101000000_tables.sql": (
        "CREATE TABLE t (a int);\n"
        "CREATE INDEX CONCURRENTLY t_a ON t (a);\n"
        "CREATE TABLE u (b int);\n"
        "CREATE INDEX CONCURRENTLY u_b ON u (b);\n"
        "DROP INDEX CONCURRENTLY u_b;\n"
    ),
    "supabase/migrations/20240102000000_broken.sql": ("CREATE TABLE v (c int);\nSELECT 1 / 0;\n"),
}


def _supabase_up(
    postgres: Cluster, root: Path, files: dict[str, str]
) -> tuple[str, subprocess.CompletedProcess[str]]:
    """Write ``files`` and run ``supabase migration up`` on a fresh database: its name, the run."""
    supabase = _runner("supabase")
    write_tree(root, files)
    database = _database(postgres)
    url = f"postgresql://postgres:postgres@localhost/{database}?host={postgres.socket_dir}"
    return database, _run([supabase, "migration", "up", "--db-url", url], root)


def test_supabase_cli_runs_concurrent_index_statements_alone(
    postgres: Cluster, tmp_path: Path
) -> None:
    database, done = _supabase_up(postgres, tmp_path, SUPABASE_FILES)
    assert done.returncode != 0, done.stdout
    assert "division by zero" in done.stderr
    applied = _query(
        postgres,
        database,
        "SELECT version FROM supabase_migrations.schema_migrations ORDER BY 1;",
    )
    assert applied == ["20240101000000"]
    indexes = "SELECT indexname FROM pg_indexes WHERE tablename IN ('t', 'u') ORDER BY 1;"
    assert _query(postgres, database, indexes) == ["t_a"]
    tables = "SELECT relname FROM pg_class WHERE relname IN ('t', 'u', 'v') ORDER BY 1;"
    # The broken file was one transaction: its CREATE TABLE v was rolled back.
    assert _query(postgres, database, tables) == ["t", "u"]
    first, broken = _planned(Path("supabase/migrations"), tmp_path, SUPABASE_VERSION)
    assert [(s.start, s.stop, s.in_transaction, s.pulled_out) for s in first.segments] == [
        (0, 1, True, False),
        (1, 2, False, True),
        (2, 3, True, False),
        (3, 4, False, True),
        (4, 5, False, True),
    ]
    assert [(s.start, s.stop, s.in_transaction) for s in broken.segments] == [(0, 2, True)]
    assert broken.atomic


@pytest.mark.parametrize("version", [(2, 108, 0), (2, 115, 0)])
def test_older_supabase_cli_models_keep_concurrent_statements_in_the_file(
    version: tuple[int, ...], tmp_path: Path
) -> None:
    write_tree(tmp_path, SUPABASE_FILES)
    first, _ = _planned(Path("supabase/migrations"), tmp_path, version)
    pulled = [s.start for s in first.segments if s.pulled_out]
    assert pulled == ([1, 3] if version >= (2, 109) else [])


SESSION_FILES = {
    "supabase/migrations/20240101000000_set.sql": (
        "SET lock_timeout = '3s';\n"
        "CREATE TABLE t (a int);\n"
        "INSERT INTO t VALUES (1);\n"
        "CREATE FUNCTION seen(a int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  IF current_setting('lock_timeout') <> '3s' THEN\n"
        "    RAISE EXCEPTION 'lock_timeout is %', current_setting('lock_timeout');\n"
        "  END IF;\n"
        "  RETURN a;\n"
        "END $$;\n"
        "CREATE INDEX CONCURRENTLY t_seen ON t (seen(a));\n"
        "CREATE TABLE after_pulled AS SELECT current_setting('lock_timeout') AS v;\n"
    ),
    "supabase/migrations/20240102000000_next.sql": (
        "CREATE TABLE next_file AS SELECT current_setting('lock_timeout') AS v;\n"
    ),
}


def test_supabase_cli_keeps_a_session_set_across_pulled_out_statements_and_resets_it_per_file(
    postgres: Cluster, tmp_path: Path
) -> None:
    database, done = _supabase_up(postgres, tmp_path, SESSION_FILES)
    assert done.returncode == 0, done.stderr
    # The pulled-out CREATE INDEX CONCURRENTLY evaluated seen(1) with lock_timeout 3s.
    indexes = "SELECT indexname FROM pg_indexes WHERE tablename = 't';"
    assert _query(postgres, database, indexes) == ["t_seen"]
    assert _query(postgres, database, "SELECT v FROM after_pulled;") == ["3s"]
    # RESET ALL before the next file.
    assert _query(postgres, database, "SELECT v FROM next_file;") == ["0"]
    first, _ = _planned(Path("supabase/migrations"), tmp_path, SUPABASE_VERSION)
    assert [(s.start, s.stop, s.pulled_out) for s in first.segments] == [
        (0, 4, False),
        (4, 5, True),
        (5, 6, False),
    ]
    assert (first.setting_holds(0, 4), first.setting_holds(0, 5)) == (True, True)
    (stream,) = discover([Path("supabase/migrations")], cwd=tmp_path).streams
    assert not stream.tool.transaction_model(SUPABASE_VERSION).settings_carry_between_files
