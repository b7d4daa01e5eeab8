"""SL502 blocking-index-operation: which tables exist, and help that follows the runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.helpers import apply_fix_to_files, lint

TABLE = (
    "m/0001_tasks.sql",
    "CREATE TABLE tasks (id bigint PRIMARY KEY, status text);\n"
    "CREATE INDEX tasks_status_idx ON tasks (status);\n",
)
PATH = "m/0002_index.sql"


def test_create_drop_and_reindex_on_an_existing_table_are_reported(tmp_path: Path) -> None:
    text = (
        "CREATE INDEX tasks_id_idx ON tasks (id);\n"
        "  DROP INDEX IF EXISTS tasks_status_idx;\n"
        "REINDEX TABLE tasks;\n"
        "REINDEX INDEX public.tasks_pkey;\n"
        "CREATE UNIQUE INDEX tasks_id_key ON public.tasks (id);\n"
    )
    seen, _ = lint(tmp_path, [TABLE, (PATH, text)], ["SL502"])
    assert seen == [
        ("SL502", PATH, 1, 1,
         "`CREATE INDEX` without `CONCURRENTLY` blocks writes to `tasks` while the index builds"),
        ("SL502", PATH, 2, 3,
         "`DROP INDEX` without `CONCURRENTLY` blocks reads and writes of `tasks`"),
        ("SL502", PATH, 3, 1, "`REINDEX` without `CONCURRENTLY` blocks writes to `tasks`"),
        ("SL502", PATH, 4, 1, "`REINDEX` without `CONCURRENTLY` blocks writes to `tasks`"),
        ("SL502", PATH, 5, 1,
         "`CREATE UNIQUE INDEX` without `CONCURRENTLY` blocks writes to `tasks` while the "
         "index builds"),
    ]  # fmt: skip


def test_tables_created_in_the_same_file_and_concurrent_forms_are_not_reported(
    tmp_path: Path,
) -> None:
    text = (
        "CREATE TABLE notes (id bigint PRIMARY KEY, task_id bigint);\n"
        "CREATE INDEX notes_task_id_idx ON notes (task_id);\n"
        "DROP INDEX notes_task_id_idx;\n"
        "REINDEX TABLE notes;\n"
        "CREATE INDEX CONCURRENTLY tasks_id_idx ON tasks (id);\n"
        "DROP INDEX CONCURRENTLY tasks_status_idx;\n"
        "REINDEX TABLE CONCURRENTLY tasks;\n"
        "CREATE INDEX unknown_idx ON nowhere (id);\n"
    )
    seen, _ = lint(tmp_path, [TABLE, (PATH, text)], ["SL502"])
    assert seen == []


def test_drizzle_batch_a_table_of_an_earlier_pending_file_is_new(tmp_path: Path) -> None:
    """Pre-commit names the new files: drizzle-kit runs them in one transaction, so a table
    the first of them creates is not yet visible to anyone when the second indexes it."""
    files = [
        TABLE,
        ("m/0002_notes.sql", "CREATE TABLE notes (id bigint PRIMARY KEY, task_id bigint);\n"),
        (
            "m/0003_index.sql",
            "CREATE INDEX notes_task_id_idx ON notes (task_id);\n"
            "CREATE INDEX tasks_id_idx ON tasks (id);\n",
        ),
    ]
    targets = ["m/0002_notes.sql", "m/0003_index.sql"]
    seen, _ = lint(tmp_path, files, ["SL502"], targets=targets, layout="drizzle")
    assert seen == [
        ("SL502", "m/0003_index.sql", 2, 1,
         "`CREATE INDEX` without `CONCURRENTLY` blocks writes to `tasks` while the index builds"),
    ]  # fmt: skip
    # Over the whole history each file is its own deploy: notes existed before 0003.
    whole, _ = lint(tmp_path, files, ["SL502"], layout="drizzle")
    assert [(path, line) for _, path, line, _, _ in whole] == [
        ("m/0003_index.sql", 1),
        ("m/0003_index.sql", 2),
    ]


def test_per_file_runners_judge_each_file_on_its_own_even_when_targets_are_named(
    tmp_path: Path,
) -> None:
    files = [
        TABLE,
        ("m/0002_notes.sql", "CREATE TABLE notes (id bigint PRIMARY KEY, task_id bigint);\n"),
        ("m/0003_index.sql", "CREATE INDEX notes_task_id_idx ON notes (task_id);\n"),
    ]
    targets = ["m/0002_notes.sql", "m/0003_index.sql"]
    seen, _ = lint(tmp_path, files, ["SL502"], targets=targets, layout="goose")
    assert [(path, line) for _, path, line, _, _ in seen] == [("m/0003_index.sql", 1)]


@pytest.mark.parametrize(
    ("layout", "advice"),
    [
        (
            "plain",
            "psql runs `CREATE INDEX CONCURRENTLY ...` outside a transaction block when it sits "
            "alone in a migration of its own: write it there.",
        ),
        (
            "prisma",
            "Prisma Migrate runs `CREATE INDEX CONCURRENTLY ...` outside a transaction block "
            "when it sits alone in a migration of its own: write it there.",
        ),
        (
            "supabase",
            "The Supabase CLI runs `CREATE INDEX CONCURRENTLY ...` outside a transaction block "
            "when it sits alone in a migration of its own: write it there.",
        ),
        (
            "goose",
            "Write `CREATE INDEX CONCURRENTLY ...` alone in a migration of its own that starts "
            "with `-- +goose NO TRANSACTION`: goose then runs it outside a transaction block.",
        ),
        (
            "dbmate",
            "Write `CREATE INDEX CONCURRENTLY ...` alone in a migration of its own that starts "
            "with `-- migrate:up transaction:false`: dbmate then runs it outside a transaction "
            "block.",
        ),
        (
            "graphile",
            "Write `CREATE INDEX CONCURRENTLY ...` alone in a migration of its own that starts "
            "with `--! no-transaction`: graphile-migrate then runs it outside a transaction "
            "block.",
        ),
        (
            "drizzle",
            "drizzle-kit runs every pending migration in one transaction, where it cannot run: "
            "run `CREATE INDEX CONCURRENTLY ...` out of band (with psql, before the deploy), and "
            "keep the migration's statement idempotent (`IF NOT EXISTS`) so that it finds the "
            "work done.",
        ),
    ],
)
def test_the_help_follows_the_runner(tmp_path: Path, layout: str, advice: str) -> None:
    _, found = lint(
        tmp_path, [TABLE, (PATH, "CREATE INDEX tasks_id_idx ON tasks (id);\n")], ["SL502"],
        layout=layout,
    )  # fmt: skip
    assert [f.help for f in found] == [
        "It takes a SHARE lock on the table: every INSERT, UPDATE and DELETE waits until the "
        f"whole index is built. {advice}"
    ]


@pytest.mark.parametrize(
    "layout",
    ["plain", "prisma", "supabase", "flyway", "golang-migrate", "dbmate", "goose", "graphile",
     "drizzle"],
)  # fmt: skip
@pytest.mark.parametrize("opt_out", [False, True])
def test_sl201s_fix_is_never_what_sl501_or_sl502_report(
    tmp_path: Path, layout: str, opt_out: bool
) -> None:
    directive = {
        "goose": "-- +goose NO TRANSACTION\n",
        "dbmate": "-- migrate:up transaction:false\n",
        "graphile": "--! no-transaction\n",
    }.get(layout, "")
    text = (directive if opt_out else "") + (
        "ALTER TABLE notes ADD CONSTRAINT notes_task_fk FOREIGN KEY (task_id) REFERENCES tasks;\n"
    )
    files = [
        ("m/0001_tables.sql", TABLE[1] + "CREATE TABLE notes (id bigint, task_id bigint);\n"),
        ("m/0002_fk.sql", text),
    ]
    _, found = lint(tmp_path, files, ["SL201"], layout=layout)
    (finding,) = found
    if finding.fix is None:
        return
    after = apply_fix_to_files(files, finding.fix)
    # A new migration: the history is left as it was.
    assert after[:2] == files
    assert lint(tmp_path, after, ["SL501", "SL502"], layout=layout)[0] == []
    assert lint(tmp_path, after, ["SL201"], layout=layout)[0] == []


def test_the_help_asks_the_model_about_the_statement_itself(tmp_path: Path) -> None:
    """Flyway's detection misses REINDEX ... CONCURRENTLY: a script holding only it still runs
    in a transaction, so the help names the script's executeInTransaction setting."""
    _, found = lint(tmp_path, [TABLE, (PATH, "REINDEX TABLE tasks;\n")], ["SL502"], layout="flyway")
    assert [f.help for f in found] == [
        "It takes a SHARE lock on the table and an ACCESS EXCLUSIVE lock on each index it "
        "rebuilds: writes wait, and so do reads that would use the index. Write `REINDEX "
        "(CONCURRENTLY) ...` alone in a migration of its own, with executeInTransaction=false "
        "(in the script's .conf file): Flyway then runs it outside a transaction block."
    ]
