"""Damaged SQL migrations: no traceback, positions inside the file, CLI and engine agree."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.robustness.checks import check_cli_agrees, fuzz_settings, lint_here, project
from tests.robustness.mutations import SQL_BREAKERS, file_mutation, mutated

CORPUS = Path(__file__).parent / "corpus"
PRISMA_INIT = (CORPUS / "prisma_init.sql").read_bytes()
PRISMA_CHANGE = (CORPUS / "prisma_change.sql").read_bytes()
SUPABASE = (CORPUS / "supabase_functions.sql").read_bytes()
MYSQL = (CORPUS / "mysql_migration.sql").read_bytes()

INIT_PATH = "prisma/migrations/20240101000000_init/migration.sql"
CHANGE_PATH = "prisma/migrations/20240201000000_change/migration.sql"
SUPABASE_PATH = "supabase/migrations/20240101000000_memberships.sql"

SQL_MUTATION = file_mutation(SQL_BREAKERS)


@fuzz_settings(weight=1.0)
@given(
    which=st.sampled_from([INIT_PATH, CHANGE_PATH]),
    damaged=st.sampled_from([PRISMA_INIT, PRISMA_CHANGE]).flatmap(
        lambda seed: mutated(seed, SQL_MUTATION)
    ),
)
def test_damaged_prisma_migration_history_never_crashes(which: str, damaged: bytes) -> None:
    files = {INIT_PATH: PRISMA_INIT, CHANGE_PATH: PRISMA_CHANGE, which: damaged}
    with project(files):
        check_cli_agrees(lint_here())


@fuzz_settings(weight=1.0)
@given(damaged=mutated(SUPABASE, SQL_MUTATION))
def test_damaged_supabase_migration_with_functions_never_crashes(damaged: bytes) -> None:
    with project({SUPABASE_PATH: damaged}):
        check_cli_agrees(lint_here())


@fuzz_settings(weight=0.7)
@given(
    dialect=st.sampled_from(["mysql", "sqlite"]),
    damaged=mutated(MYSQL, SQL_MUTATION),
)
def test_damaged_mysql_and_sqlite_migrations_never_crash(dialect: str, damaged: bytes) -> None:
    with project({"migrations/001_accounts.sql": damaged}):
        check_cli_agrees(lint_here(dialect), "--dialect", dialect)


@fuzz_settings(weight=0.5)
@given(
    dialect=st.sampled_from(["postgres", "mysql", "sqlite"]),
    data=st.binary(max_size=400),
)
def test_arbitrary_bytes_named_sql_never_crash(dialect: str, data: bytes) -> None:
    with project({"migrations/001.sql": data}):
        check_cli_agrees(lint_here(dialect), "--dialect", dialect)
