"""SL505's verdicts agree with PostgreSQL 15 and 18: it reports a statement on an existing
table exactly when PostgreSQL gives the table a new file (``pg_class.relfilenode``), i.e.
rewrites it; ``timestamp`` to ``timestamptz`` depends on the session TimeZone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pgcluster import Cluster
from tests.pgoracle import in_transaction, prepare, rewrites_alone
from tests.rules.helpers import lint

SETUP = (
    "CREATE TABLE events (id bigint PRIMARY KEY, label varchar(10), amount numeric(10,2),"
    " happened timestamp, note text, score integer);\n"
    "CREATE UNLOGGED TABLE scratch (id bigint PRIMARY KEY);\n"
)
ADD = "ALTER TABLE events ADD COLUMN extra "
TYPE = "ALTER TABLE events ALTER COLUMN "

CASES = [
    # (statement, table, PostgreSQL rewrites it)
    (TYPE + "label TYPE varchar(20)", "events", False),
    (TYPE + "label TYPE varchar", "events", False),
    (TYPE + "label TYPE text", "events", False),
    (TYPE + "label TYPE varchar(5)", "events", True),
    (TYPE + "note TYPE varchar", "events", False),
    (TYPE + "amount TYPE numeric(12,2)", "events", False),
    (TYPE + "amount TYPE numeric", "events", False),
    (TYPE + "amount TYPE numeric(12,3)", "events", True),
    (TYPE + "score TYPE bigint", "events", True),
    (TYPE + "score TYPE text", "events", True),
    (TYPE + "score TYPE bigint USING score::bigint", "events", True),
    (TYPE + "label TYPE text USING lower(label)", "events", True),
    (TYPE + "label TYPE text USING label::text", "events", False),
    (TYPE + "label TYPE varchar(40) USING label", "events", False),
    (ADD + "uuid DEFAULT gen_random_uuid()", "events", True),
    (ADD + "timestamptz DEFAULT clock_timestamp()", "events", True),
    (ADD + "double precision DEFAULT random()", "events", True),
    (ADD + "timestamptz DEFAULT now()", "events", False),
    (ADD + "integer NOT NULL DEFAULT 0", "events", False),
    (ADD + "bigserial", "events", True),
    (ADD + "bigint GENERATED ALWAYS AS IDENTITY", "events", True),
    (ADD + "integer GENERATED ALWAYS AS (score * 2) STORED", "events", True),
    ("ALTER TABLE events SET UNLOGGED", "events", True),
    ("ALTER TABLE scratch SET LOGGED", "scratch", True),
    ("CLUSTER events USING events_pkey", "events", True),
]


def _reported(tmp_path: Path, statement: str, project: dict[str, int] | None = None) -> bool:
    files = [("m/0001_events.sql", SETUP), ("m/0002_change.sql", f"{statement};\n")]
    seen, _ = lint(tmp_path, files, ["SL505"], project=project)
    assert len(seen) <= 1
    return bool(seen)


@pytest.mark.postgres
@pytest.mark.parametrize(("statement", "table", "rewritten"), CASES)
def test_sl505_reports_what_postgresql_rewrites(
    postgres_any: Cluster, tmp_path: Path, statement: str, table: str, rewritten: bool
) -> None:
    prepare(postgres_any, "rewrite", SETUP)
    outcome = in_transaction(postgres_any, "rewrite", [statement])
    assert outcome.error is None
    assert (table in outcome.rewritten) is rewritten
    assert _reported(tmp_path, statement) is rewritten


@pytest.mark.postgres
def test_vacuum_full_rewrites(postgres_any: Cluster, tmp_path: Path) -> None:
    prepare(postgres_any, "rewrite", SETUP)
    assert rewrites_alone(postgres_any, "rewrite", "VACUUM FULL events", "events") is True
    assert rewrites_alone(postgres_any, "rewrite", "VACUUM events", "events") is False
    assert _reported(tmp_path, "VACUUM (FULL, ANALYZE) events") is True
    assert _reported(tmp_path, "VACUUM (ANALYZE) events") is False


@pytest.mark.postgres
def test_vacuum_full_and_cluster_without_a_table_rewrite_every_table(
    postgres_any: Cluster, tmp_path: Path
) -> None:
    prepare(postgres_any, "rewrite", SETUP)
    for table in ("events", "scratch"):
        assert rewrites_alone(postgres_any, "rewrite", "VACUUM FULL", table) is True
    # CLUSTER alone reclusters the tables clustered before (events), not the others.
    postgres_any.execute("rewrite", "CLUSTER events USING events_pkey;")
    assert rewrites_alone(postgres_any, "rewrite", "CLUSTER", "events") is True
    assert rewrites_alone(postgres_any, "rewrite", "CLUSTER", "scratch") is False
    files = [("m/0001_events.sql", SETUP), ("m/0002_all.sql", "VACUUM FULL;\n  CLUSTER;\n")]
    seen, found = lint(tmp_path, files, ["SL505"])
    assert seen == [
        ("SL505", "m/0002_all.sql", 1, 1, "`VACUUM FULL` without a table rewrites every table "
         "of the database, one after the other, each while it blocks its reads and writes"),
        ("SL505", "m/0002_all.sql", 2, 3, "`CLUSTER` without a table rewrites every table "
         "clustered before, one after the other, each while it blocks its reads and writes"),
    ]  # fmt: skip
    assert found[1].help == (
        "Each table in turn is locked ACCESS EXCLUSIVE and copied with its indexes: nothing can "
        "read or write it meanwhile, and the disk needs room for the copy. Name the tables that "
        "need it. Run it in a maintenance window, or reorder the table online with pg_repack."
    )


@pytest.mark.postgres
def test_timestamp_to_timestamptz_rewrites_unless_the_time_zone_is_utc(
    postgres_any: Cluster, tmp_path: Path
) -> None:
    statement = TYPE + "happened TYPE timestamptz"
    prepare(postgres_any, "rewrite", SETUP)
    utc = in_transaction(postgres_any, "rewrite", [statement], timezone="UTC")
    paris = in_transaction(postgres_any, "rewrite", [statement], timezone="Europe/Paris")
    assert ("events" in utc.rewritten, "events" in paris.rewritten) == (False, True)
    # A migration's session zone is not in the files: reported, saying when it is fine.
    assert _reported(tmp_path, statement) is True


@pytest.mark.postgres
def test_virtual_generated_columns_do_not_rewrite_on_18(
    postgres_wheel: Cluster, tmp_path: Path
) -> None:
    prepare(postgres_wheel, "rewrite", SETUP)
    for kind in ("VIRTUAL", ""):
        statement = f"{ADD}integer GENERATED ALWAYS AS (score * 2) {kind}".rstrip()
        outcome = in_transaction(postgres_wheel, "rewrite", [statement])
        assert outcome.error is None
        assert "events" not in outcome.rewritten
        assert _reported(tmp_path, statement) is False


FUNCTIONS = (
    "CREATE FUNCTION random_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;\n"
    "CREATE FUNCTION fixed_code() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'x' $$;\n"
    "CREATE FUNCTION today_code() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'y' $$;\n"
)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("function", "rewritten"),
    [("random_code", True), ("fixed_code", False), ("today_code", False)],
)
def test_a_default_calling_a_user_function_rewrites_when_the_function_is_volatile(
    postgres_any: Cluster, tmp_path: Path, function: str, rewritten: bool
) -> None:
    statement = f"ALTER TABLE events ADD COLUMN code text DEFAULT {function}()"
    prepare(postgres_any, "rewrite", SETUP + FUNCTIONS)
    outcome = in_transaction(postgres_any, "rewrite", [statement])
    assert outcome.error is None
    assert ("events" in outcome.rewritten) is rewritten
    files = [("m/0001_events.sql", SETUP + FUNCTIONS), ("m/0002_change.sql", f"{statement};\n")]
    seen, _ = lint(tmp_path, files, ["SL505"])
    message = (
        f"Adding `code` with the volatile default `{function}()` rewrites `events` while it "
        "blocks reads and writes"
    )
    assert seen == ([("SL505", "m/0002_change.sql", 1, 31, message)] if rewritten else [])
