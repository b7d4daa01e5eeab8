"""SL505 table-rewrite."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

TABLE = (
    "m/0001_events.sql",
    "CREATE TABLE events (id bigint PRIMARY KEY, label varchar(10), happened timestamp,"
    " score integer);\n",
)
PATH = "m/0002_change.sql"
HELP = (
    "It takes an ACCESS EXCLUSIVE lock on the table and writes a new copy of every row and "
    "every index under it: nothing can read or write the table until it is done, and it needs "
    "room for a second copy. "
)


def test_rewrites_of_an_existing_table_are_reported(tmp_path: Path) -> None:
    text = (
        "ALTER TABLE events ADD COLUMN public_id uuid DEFAULT gen_random_uuid();\n"
        "ALTER TABLE events ADD COLUMN seq bigserial;\n"
        "ALTER TABLE events ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;\n"
        "ALTER TABLE events ADD COLUMN twice bigint GENERATED ALWAYS AS (id * 2) STORED;\n"
        "ALTER TABLE events ALTER COLUMN score TYPE bigint;\n"
        "ALTER TABLE events ALTER COLUMN happened TYPE timestamptz;\n"
        "ALTER TABLE events SET UNLOGGED;\n"
        "CLUSTER events USING events_pkey;\n"
        "VACUUM (FULL, ANALYZE) events;\n"
    )
    seen, found = lint(tmp_path, [TABLE, (PATH, text)], ["SL505"])
    assert seen == [
        ("SL505", PATH, 1, 31, "Adding `public_id` with the volatile default "
         "`gen_random_uuid()` rewrites `events` while it blocks reads and writes"),
        ("SL505", PATH, 2, 31, "Adding `seq` with the serial type `bigserial` (a `nextval()` "
         "default) rewrites `events` while it blocks reads and writes"),
        ("SL505", PATH, 3, 31, "Adding `n` with an identity (a `nextval()` default) rewrites "
         "`events` while it blocks reads and writes"),
        ("SL505", PATH, 4, 31, "Adding `twice` with a stored generated expression rewrites "
         "`events` while it blocks reads and writes"),
        ("SL505", PATH, 5, 33, "Changing `events.score` from `int4` to `int8` rewrites the "
         "table while it blocks reads and writes"),
        ("SL505", PATH, 6, 33, "Changing `events.happened` from `timestamp` to `timestamptz` "
         "rewrites the table while it blocks reads and writes, unless the session TimeZone is "
         "UTC"),
        ("SL505", PATH, 7, 13, "`SET UNLOGGED` rewrites `events` while it blocks reads and "
         "writes"),
        ("SL505", PATH, 8, 9, "`CLUSTER` rewrites `events` while it blocks reads and writes"),
        ("SL505", PATH, 9, 24, "`VACUUM FULL` rewrites `events` while it blocks reads and "
         "writes"),
    ]  # fmt: skip
    assert found[0].help == HELP + (
        "Add the column without the default (or as a plain nullable column), set the default "
        "for new rows with `ALTER COLUMN ... SET DEFAULT`, and backfill old rows in batches."
    )
    assert found[5].help == HELP + (
        "PostgreSQL 12 and later skip the rewrite only when the session's TimeZone is UTC (the "
        "stored values then mean the same instants): run the migration with `SET TimeZone = "
        "'UTC'` first, in the same session."
    )


def test_in_place_changes_and_new_tables_are_not_reported(tmp_path: Path) -> None:
    text = (
        "ALTER TABLE events ADD COLUMN created_at timestamptz DEFAULT now();\n"
        "ALTER TABLE events ADD COLUMN flag boolean NOT NULL DEFAULT false;\n"
        "ALTER TABLE events ADD COLUMN twice bigint GENERATED ALWAYS AS (id * 2) VIRTUAL;\n"
        "ALTER TABLE events ALTER COLUMN label TYPE varchar(40);\n"
        "ALTER TABLE events ALTER COLUMN label TYPE text USING label::text;\n"
        "ALTER TABLE events ALTER COLUMN label TYPE varchar;\n"
        "CREATE TABLE imports (id bigint, note text);\n"
        "ALTER TABLE imports ADD COLUMN ref uuid DEFAULT gen_random_uuid();\n"
        "ALTER TABLE imports ALTER COLUMN id TYPE numeric;\n"
        "ALTER TABLE imports SET UNLOGGED;\n"
        "VACUUM events;\n"
        "VACUUM;\n"
    )
    seen, _ = lint(tmp_path, [TABLE, (PATH, text)], ["SL505"])
    assert seen == []


def test_before_postgresql_11_every_default_rewrites(tmp_path: Path) -> None:
    text = "ALTER TABLE events ADD COLUMN created_at timestamptz DEFAULT now();\n"
    for version, expected in ((10, 1), (11, 0), (None, 0)):
        project = {"postgres_version": version} if version else None
        seen, _ = lint(tmp_path, [TABLE, (PATH, text)], ["SL505"], project=project)
        assert seen == [
            ("SL505", PATH, 1, 31, "Adding `created_at` with a default (before PostgreSQL 11 "
             "every default is written into each row) rewrites `events` while it blocks reads "
             "and writes"),
        ][:expected]  # fmt: skip


def test_the_stored_generated_advice_names_virtual_columns_from_18(tmp_path: Path) -> None:
    text = "ALTER TABLE events ADD COLUMN twice bigint GENERATED ALWAYS AS (id * 2) STORED;\n"
    _, found = lint(tmp_path, [TABLE, (PATH, text)], ["SL505"], project={"postgres_version": 17})
    assert found[0].help == HELP + (
        "Add a plain column, fill it with a trigger for new rows and batched `UPDATE`s for old "
        "ones."
    )
    _, found = lint(tmp_path, [TABLE, (PATH, text)], ["SL505"], project={"postgres_version": 18})
    assert found[0].help.endswith(
        "On PostgreSQL 18 and later a `VIRTUAL` generated column adds no data."
    )


def test_a_default_calling_a_volatile_function_of_the_history_is_reported(
    tmp_path: Path,
) -> None:
    functions = (
        "m/0001_functions.sql",
        "CREATE FUNCTION new_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;\n"
        "CREATE FUNCTION old_code() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'x' $$;\n",
    )
    text = (
        "ALTER TABLE events ADD COLUMN fresh text DEFAULT new_code();\n"
        "ALTER TABLE events ADD COLUMN stale text DEFAULT public.old_code();\n"
    )
    seen, _ = lint(tmp_path, [TABLE, functions, (PATH, text)], ["SL505"])
    assert seen == [
        ("SL505", PATH, 1, 31, "Adding `fresh` with the volatile default `new_code()` rewrites "
         "`events` while it blocks reads and writes"),
    ]  # fmt: skip


def test_vacuum_full_and_cluster_without_a_table_are_reported_at_the_statement(
    tmp_path: Path,
) -> None:
    text = "VACUUM (FULL, ANALYZE);\n  CLUSTER VERBOSE;\n"
    seen, _ = lint(tmp_path, [TABLE, (PATH, text)], ["SL505"])
    assert seen == [
        ("SL505", PATH, 1, 1, "`VACUUM FULL` without a table rewrites every table of the "
         "database, one after the other, each while it blocks its reads and writes"),
        ("SL505", PATH, 2, 3, "`CLUSTER` without a table rewrites every table clustered "
         "before, one after the other, each while it blocks its reads and writes"),
    ]  # fmt: skip
