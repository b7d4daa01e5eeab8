"""SL506 blocking-unique-constraint."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

TABLE = (
    "m/0001_members.sql",
    "CREATE TABLE members (id bigint NOT NULL, email text NOT NULL);\n",
)
PATH = "m/0002_unique.sql"


def test_unique_and_primary_key_on_an_existing_table_are_reported(tmp_path: Path) -> None:
    text = (
        "ALTER TABLE members ADD CONSTRAINT members_email_key UNIQUE (email),\n"
        "  ADD PRIMARY KEY (id);\n"
    )
    seen, found = lint(tmp_path, [TABLE, (PATH, text)], ["SL506"], layout="goose")
    assert seen == [
        ("SL506", PATH, 1, 25,
         "`ADD UNIQUE` builds its index while it blocks reads and writes of `members`"),
        ("SL506", PATH, 2, 7,
         "`ADD PRIMARY KEY` builds its index while it blocks reads and writes of `members`"),
    ]  # fmt: skip
    assert found[0].help == (
        "It takes an ACCESS EXCLUSIVE lock on the table for the whole index build. Build the "
        "index first without blocking writes, then add the constraint with `ADD CONSTRAINT ... "
        "UNIQUE USING INDEX ...`, which only takes the lock briefly. Write `CREATE UNIQUE INDEX "
        "CONCURRENTLY ...` alone in a migration of its own that starts with `-- +goose NO "
        "TRANSACTION`: goose then runs it outside a transaction block."
    )


def test_using_index_new_tables_and_checks_are_not_reported(tmp_path: Path) -> None:
    files = [
        TABLE,
        (
            "m/0002_index.sql",
            "CREATE UNIQUE INDEX CONCURRENTLY members_email_key ON members (email);\n",
        ),
        (
            PATH,
            "ALTER TABLE members ADD CONSTRAINT members_email_key UNIQUE USING INDEX "
            "members_email_key;\n"
            "ALTER TABLE members ADD CONSTRAINT members_id_check CHECK (id > 0) NOT VALID;\n"
            "CREATE TABLE invites (id bigint, email text);\n"
            "ALTER TABLE invites ADD UNIQUE (email), ADD PRIMARY KEY (id);\n",
        ),
    ]
    seen, _ = lint(tmp_path, files, ["SL506"])
    assert seen == []
