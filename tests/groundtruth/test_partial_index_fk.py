"""Which partial indexes serve a foreign key's checks, asked of PostgreSQL's planner.

When a referenced row is deleted or its key updated, PostgreSQL looks up the referencing rows
with ``SELECT 1 FROM ONLY c x WHERE $1 = pid FOR KEY SHARE OF x``, a query planned once and
cached: its plan is a *generic* plan, made without knowing ``$1``. A partial index serves it
only when the planner can prove the index's predicate from the query alone. SL201 counts an
index as covering exactly when the planner uses it for that generic plan.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pgcluster import Cluster
from tests.rules.helpers import lint

TABLES = """\
CREATE TABLE p (id int PRIMARY KEY, k int NOT NULL, UNIQUE (id, k));
CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p (id), pk int,
                FOREIGN KEY (pid, pk) REFERENCES p (id, k));
"""
LOAD = """\
INSERT INTO p SELECT g, g FROM generate_series(1, 1000) g;
INSERT INTO c SELECT g, CASE WHEN g % 3 = 0 THEN NULL ELSE g % 1000 + 1 END, g % 1000 + 1
  FROM generate_series(1, 20000) g;
UPDATE c SET pk = pid WHERE pid IS NOT NULL;
UPDATE c SET pk = NULL WHERE pid IS NULL;
ANALYZE p; ANALYZE c;
"""
# The foreign keys' lookups, as ri_triggers.c writes them, with a generic plan.
LOOKUPS = """\
SET plan_cache_mode = force_generic_plan;
PREPARE one(int) AS SELECT 1 FROM ONLY public.c x WHERE $1 OPERATOR(pg_catalog.=) pid
  FOR KEY SHARE OF x;
PREPARE two(int, int) AS SELECT 1 FROM ONLY public.c x
  WHERE $1 OPERATOR(pg_catalog.=) pid AND $2 OPERATOR(pg_catalog.=) pk FOR KEY SHARE OF x;
EXPLAIN (COSTS OFF) EXECUTE one(1);
EXPLAIN (COSTS OFF) EXECUTE two(1, 1);
"""

# Every index leads with both keys' columns, so that only its predicate decides; "issue" is
# the example of the issue, whose key serves only the one-column key (SL201 wants leading
# columns, so the two-column key is reported whatever the planner makes of the prefix).
INDEXES = {
    "issue": "CREATE INDEX c_idx ON c (pid) WHERE pid IS NOT NULL;",
    "not-null": "CREATE INDEX c_idx ON c (pid, pk) WHERE pid IS NOT NULL;",
    "both-not-null": "CREATE INDEX c_idx ON c (pid, pk) WHERE pid IS NOT NULL AND pk IS NOT NULL;",
    "qualified": "CREATE INDEX c_idx ON c (pid, pk) WHERE c.pid IS NOT NULL;",
    "range": "CREATE INDEX c_idx ON c (pid, pk) WHERE pid > 0;",
    "other-column": "CREATE INDEX c_idx ON c (pid, pk) WHERE id IS NOT NULL;",
    "extra-condition": "CREATE INDEX c_idx ON c (pid, pk) WHERE pid IS NOT NULL AND id > 0;",
}
FK_ONE = ("SL201", "m/1.sql", 2, 45, "Foreign key `pid` on `c` (referencing `p`) has no index")
FK_TWO = (
    "SL201", "m/1.sql", 3, 17, "Foreign key `pid` and `pk` on `c` (referencing `p`) has no index"
)  # fmt: skip

# SL201's verdict for each index, which the planner must confirm.
EXPECTED = {
    "issue": [FK_TWO],
    "not-null": [],
    "both-not-null": [FK_ONE],  # `pid = $1` does not imply `pk IS NOT NULL`
    "qualified": [],
    "range": [FK_ONE, FK_TWO],
    "other-column": [FK_ONE, FK_TWO],
    "extra-condition": [FK_ONE, FK_TWO],
}


def _uses_index(plan: str) -> bool:
    return "c_idx" in plan


@pytest.mark.postgres
@pytest.mark.parametrize("case", sorted(INDEXES))
def test_sl201_counts_a_partial_index_exactly_when_the_fk_checks_use_it(
    postgres: Cluster, tmp_path: Path, case: str
) -> None:
    database = f"partial_{case.replace('-', '_')}"
    postgres.create_database(database)
    migration = TABLES + INDEXES[case] + "\n"
    postgres.execute(database, migration + LOAD)
    plans = postgres.execute(database, LOOKUPS).split("Lock")
    # One plan per lookup: "LockRows" heads each.
    one, two = (plan for plan in plans[1:])
    found, _ = lint(tmp_path, [("m/1.sql", migration)], ["SL201"])
    assert found == EXPECTED[case]
    assert (FK_ONE not in found) == _uses_index(one)
    if case != "issue":
        assert (FK_TWO not in found) == _uses_index(two)
