"""SL507 missing-lock-timeout: the lock_timeout in effect, segment by segment, per runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.rules.helpers import Seen, lint

TABLES = (
    "m/0001_tables.sql",
    "CREATE TABLE users (id bigint PRIMARY KEY);\n"
    "CREATE TABLE tasks (id bigint PRIMARY KEY, title text, owner bigint);\n"
    "CREATE INDEX tasks_owner_idx ON tasks (owner);\n",
)
PATH = "m/0002_change.sql"
ADD = "ALTER TABLE tasks ADD COLUMN done boolean;\n"
WAITS = "`ALTER TABLE` waits for ACCESS EXCLUSIVE on `tasks` with no `lock_timeout` in effect"
CIC = "CREATE INDEX CONCURRENTLY tasks_title_idx ON tasks (title);\n"


def _seen(
    tmp_path: Path, text: str, layout: str = "supabase", assume: bool | None = None
) -> list[Seen]:
    options = None if assume is None else {"SL507": {"assume-lock-timeout": assume}}
    found, _ = lint(tmp_path, [TABLES, (PATH, text)], ["SL507"], layout=layout, options=options)
    return found


def test_each_strong_lock_on_an_existing_table_is_reported_once_per_transaction(
    tmp_path: Path,
) -> None:
    text = (
        "CREATE TABLE comments (id bigint PRIMARY KEY, task_id bigint REFERENCES tasks (id));\n"
        "ALTER TABLE tasks ADD CONSTRAINT tasks_owner_fkey FOREIGN KEY (owner) "
        "REFERENCES users (id) NOT VALID;\n"
        "ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY tasks_read ON tasks FOR SELECT USING (true);\n"
        "DROP INDEX tasks_owner_idx;\n"
    )
    # psql: each statement is its own transaction, so each waits on its own. A new table's
    # foreign key is left alone.
    assert _seen(tmp_path, text, "plain") == [
        ("SL507", PATH, 2, 13, "`ALTER TABLE` waits for SHARE ROW EXCLUSIVE on `tasks` with no "
         "`lock_timeout` in effect"),
        ("SL507", PATH, 3, 13, WAITS),
        ("SL507", PATH, 4, 29, "`CREATE POLICY` waits for ACCESS EXCLUSIVE on `tasks` with no "
         "`lock_timeout` in effect"),
        ("SL507", PATH, 5, 1, "`DROP INDEX` waits for ACCESS EXCLUSIVE on `tasks` with no "
         "`lock_timeout` in effect"),
    ]  # fmt: skip
    # The Supabase CLI runs the file in one transaction: one timeout at the top covers all.
    assert _seen(tmp_path, text) == [
        ("SL507", PATH, 2, 13, "`ALTER TABLE` waits for SHARE ROW EXCLUSIVE on `tasks` with no "
         "`lock_timeout` in effect"),
    ]  # fmt: skip


def test_the_help_says_why_and_how(tmp_path: Path) -> None:
    _, found = lint(tmp_path, [TABLES, (PATH, ADD)], ["SL507"])
    assert found[0].help == (
        "While `ALTER TABLE` waits for its lock (behind any open transaction that has read or "
        "written `tasks`: a long query, a session left idle in transaction), every query of "
        "the table queues behind it and the application stalls. With a lock timeout the "
        "migration fails fast instead (SQLSTATE 55P03) and can be retried. Start the migration "
        "with `SET lock_timeout = '5s';` (in this file: a setting made by another migration may "
        "not hold). If the role or database that runs migrations sets `lock_timeout`, set this "
        "rule's `assume-lock-timeout = true`."
    )


@pytest.mark.parametrize(
    "text",
    [
        # Tables new in this file are empty and unseen by other sessions.
        "CREATE TABLE notes (id bigint PRIMARY KEY);\n"
        "ALTER TABLE notes ADD COLUMN body text;\n"
        "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY notes_read ON notes FOR SELECT USING (true);\n"
        "CREATE TABLE links (id bigint PRIMARY KEY, note_id bigint REFERENCES notes (id));\n",
        # Weaker locks: SHARE (CREATE INDEX), SHARE UPDATE EXCLUSIVE (VALIDATE), none.
        "CREATE INDEX tasks_title_idx ON tasks (title);\n"
        "ALTER TABLE tasks VALIDATE CONSTRAINT tasks_check;\n"
        "UPDATE tasks SET title = '';\n",
        "SET lock_timeout = '5s';\n" + ADD,
        "SET lock_timeout TO 2000;\n" + ADD,
        "SET SESSION lock_timeout = '1min';\n" + ADD,
        "SET LOCAL lock_timeout = '5s';\n" + ADD,
        "SELECT set_config('lock_timeout', '5s', true);\n" + ADD,
        "SELECT pg_catalog.set_config('lock_timeout', '5s', false);\n" + ADD,
        "BEGIN;\nSET LOCAL lock_timeout = '5s';\n" + ADD + "COMMIT;\n",
        "DO $$ BEGIN SET LOCAL lock_timeout = '5s'; END $$;\n" + ADD,
        # The setting holds across a pulled-out statement: the CLI keeps its session.
        "SET lock_timeout = '5s';\n" + CIC + ADD,
    ],
)
def test_statements_with_a_lock_timeout_or_without_strong_locks_are_not_reported(
    tmp_path: Path, text: str
) -> None:
    assert _seen(tmp_path, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "SET lock_timeout = '5s';\nSET lock_timeout = 0;\n" + ADD,
        "SET lock_timeout = '5s';\nRESET lock_timeout;\n" + ADD,
        "SET lock_timeout = '5s';\nRESET ALL;\n" + ADD,
        "SET lock_timeout = '5s';\nSET lock_timeout TO DEFAULT;\n" + ADD,
        "SELECT set_config('lock_timeout', '0', false);\n" + ADD,
        ADD + "SET lock_timeout = '5s';\n",  # too late
    ],
)
def test_a_timeout_turned_off_or_set_too_late_is_reported(tmp_path: Path, text: str) -> None:
    line = 1 if text.startswith(ADD) else text.count("\n")
    assert _seen(tmp_path, text) == [("SL507", PATH, line, 13, WAITS)]


def test_a_set_local_that_ended_with_its_transaction_is_named(tmp_path: Path) -> None:
    # The Supabase CLI pulls the CONCURRENTLY statement out: it ends the first transaction.
    text = "SET LOCAL lock_timeout = '5s';\n" + CIC + ADD
    assert _seen(tmp_path, text) == [
        ("SL507", PATH, 3, 13, WAITS + ": the earlier `SET LOCAL lock_timeout` ended with its "
         "transaction"),
    ]  # fmt: skip
    # psql runs each statement on its own: SET LOCAL does nothing there.
    assert _seen(tmp_path, "SET LOCAL lock_timeout = '5s';\n" + ADD, "plain") == [
        ("SL507", PATH, 2, 13, WAITS + ": the earlier `SET LOCAL lock_timeout` ran outside a "
         "transaction block, where it does nothing"),
    ]  # fmt: skip


def test_a_setting_in_an_earlier_migration_is_not_counted(tmp_path: Path) -> None:
    files = [TABLES, ("m/0002_timeout.sql", "SET lock_timeout = '5s';\n"), (PATH, ADD)]
    found, _ = lint(tmp_path, files, ["SL507"], layout="supabase")
    assert found == [("SL507", PATH, 1, 13, WAITS)]


def test_assume_lock_timeout_trusts_the_role_setting_unless_turned_off(tmp_path: Path) -> None:
    assert _seen(tmp_path, ADD, assume=True) == []
    assert _seen(tmp_path, "RESET lock_timeout;\n" + ADD, assume=True) == []
    assert _seen(tmp_path, "SET lock_timeout = 0;\n" + ADD, assume=True) == [
        ("SL507", PATH, 2, 13, WAITS)
    ]


def test_maintenance_statements_are_reported(tmp_path: Path) -> None:
    text = (
        "TRUNCATE tasks;\nVACUUM FULL tasks;\nCLUSTER tasks USING tasks_pkey;\nDROP TABLE tasks;\n"
    )
    assert _seen(tmp_path, text, "plain") == [
        ("SL507", PATH, 1, 10, "`TRUNCATE` waits for ACCESS EXCLUSIVE on `tasks` with no "
         "`lock_timeout` in effect"),
        ("SL507", PATH, 2, 13, "`VACUUM FULL` waits for ACCESS EXCLUSIVE on `tasks` with no "
         "`lock_timeout` in effect"),
        ("SL507", PATH, 3, 9, "`CLUSTER` waits for ACCESS EXCLUSIVE on `tasks` with no "
         "`lock_timeout` in effect"),
        ("SL507", PATH, 4, 12, "`DROP TABLE` waits for ACCESS EXCLUSIVE on `tasks` with no "
         "`lock_timeout` in effect"),
    ]  # fmt: skip


def test_statements_after_a_rename_or_drop_in_the_same_transaction_are_not_reported_again(
    tmp_path: Path,
) -> None:
    # The later statements find the earlier one's table or index gone from the catalog: the
    # earlier one still waited for it, and is the one reported.
    text = (
        "ALTER TABLE tasks RENAME TO todos;\n"
        "ALTER TABLE todos ADD COLUMN done boolean;\n"
        "DROP INDEX tasks_owner_idx;\n"
        "DROP TABLE users;\n"
    )
    assert _seen(tmp_path, text) == [
        ("SL507", PATH, 1, 13, "`ALTER TABLE` waits for ACCESS EXCLUSIVE on `tasks` with no "
         "`lock_timeout` in effect"),
    ]  # fmt: skip
    assert _seen(tmp_path, "DROP INDEX tasks_owner_idx;\nDROP TABLE tasks;\n") == [
        ("SL507", PATH, 1, 1, "`DROP INDEX` waits for ACCESS EXCLUSIVE on `tasks` with no "
         "`lock_timeout` in effect"),
    ]  # fmt: skip


def test_a_session_setting_does_not_hold_where_the_runner_may_switch_connections(
    tmp_path: Path,
) -> None:
    # goose runs a NO TRANSACTION file's statements through a connection pool.
    text = "-- +goose NO TRANSACTION\n-- +goose Up\nSET lock_timeout = '5s';\n" + ADD
    found, reported = lint(tmp_path, [TABLES, (PATH, text)], ["SL507"], layout="goose")
    assert found == [("SL507", PATH, 4, 13, WAITS)]
    assert reported[0].help.endswith(
        "goose may run each statement of this file on another connection, where a `SET` made "
        "before does not hold: set `lock_timeout` for the role that runs migrations (`ALTER "
        "ROLE ... SET lock_timeout = '5s'`) and this rule's `assume-lock-timeout = true`."
    )
    # In its own transaction (no opt-out) the same file is fine.
    assert _seen(tmp_path, "-- +goose Up\nSET lock_timeout = '5s';\n" + ADD, "goose") == []


def test_a_setting_above_gooses_up_annotation_is_not_in_effect(tmp_path: Path) -> None:
    # goose refuses a file with SQL above `-- +goose Up` (pressly/goose
    # internal/sqlparser/parser.go: "unexpected state 0"): the SET never runs. Comments and
    # blank lines there are fine, and the same SET below the annotation holds.
    above = "-- a comment\n\nSET lock_timeout = '5s';\n-- +goose Up\n" + ADD
    assert _seen(tmp_path, above, "goose") == [("SL507", PATH, 5, 13, WAITS)]
    below = "-- a comment\n\n-- +goose Up\nSET lock_timeout = '5s';\n" + ADD
    assert _seen(tmp_path, below, "goose") == []


def _work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, text: str) -> int:
    """How many times SL507 looks at a setting or an earlier statement while linting ``text``
    (``{n}`` each of ``count`` existing tables) as one Supabase migration."""
    from schemalint.rules import sl507_missing_lock_timeout as sl507

    calls = 0
    for name in ("_settings", "_waited"):
        original = getattr(sl507, name)

        def counted(*args: object, original: Any = original) -> Any:
            nonlocal calls
            calls += 1
            return original(*args)

        monkeypatch.setattr(sl507, name, counted)
    tables = "".join(f"CREATE TABLE t{n} (id bigint);\n" for n in range(count))
    change = "".join(text.format(n=n) for n in range(count))
    lint(tmp_path, [("m/0001.sql", tables), (PATH, change)], ["SL507"], layout="supabase")
    monkeypatch.undo()
    return calls


@pytest.mark.parametrize(
    "text",
    [
        # A timeout in effect at each statement; none (each statement after the first finds
        # an earlier one that waited); set and turned off around each one.
        "SET lock_timeout = '5s';\nALTER TABLE t{n} ADD COLUMN a int;\n",
        "ALTER TABLE t{n} ADD COLUMN a int;\n",
        "SET lock_timeout = '5s';\nALTER TABLE t{n} ADD COLUMN a int;\nRESET lock_timeout;\n",
    ],
)
def test_a_long_file_in_one_transaction_costs_linear_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    # Each statement once asked the lock_timeout of every earlier statement (quadratic), and
    # with a setting seen, that of each earlier one it walked back to (cubic).
    small, double, quadruple = (_work(tmp_path, monkeypatch, n, text) for n in (20, 40, 80))
    assert quadruple - double == 2 * (double - small)
