"""A CHECK created without a name is named after the columns its expression reads, as
PostgreSQL does: ``<table>_<col>_check`` when it reads exactly one column, else
``<table>_check`` (numbered when taken). The columns come from the parse tree (what the
PostgreSQL frontend carries in the IR), so a keyword, a function name or a type name that
happens to spell a column's name does not count. The same history is checked against the
replay and against PostgreSQL 15 and 18."""

from __future__ import annotations

import pytest

from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.frontends.postgres import frontend as postgres
from schemalint.source import SourceFile
from tests.pgcluster import Cluster

HISTORY = """\
CREATE TABLE events (
  id int,
  "year" int,
  "interval" int,
  "text" text,
  "Total" int,
  starts date,
  ends date,
  CHECK (extract(year FROM starts) > 2000),
  CHECK (ends > starts + interval '1 day'),
  CHECK ("Total"::text <> ''::text),
  CHECK (events.id > 0),
  CHECK (char_length("text") > 0 AND "year" > 0),
  CHECK (coalesce(ends, starts) IS NOT NULL),
  "from" int CHECK (id > 0)
);
ALTER TABLE events ADD CHECK (cast(id AS text) <> 'année'), ADD CHECK (2 > 1);
"""

# (name, columns) of each CHECK of ``events``, by name; the columns in order of first mention.
EXPECTED = [
    ("events_Total_check", ("Total",)),
    ("events_check", ("ends", "starts")),
    ("events_check1", ("text", "year")),
    ("events_check2", ("ends", "starts")),
    ("events_check3", ()),
    ("events_id_check", ("id",)),
    ("events_id_check1", ("id",)),
    ("events_id_check2", ("id",)),
    ("events_starts_check", ("starts",)),
]


def test_the_replay_names_checks_after_the_columns_their_expressions_read() -> None:
    catalog = Catalog()
    for statement in postgres.parse(SourceFile("m/1.sql", HISTORY)):
        apply(catalog, statement)
    table = catalog.table("public", "events")
    assert table is not None
    checks = [(c.name, c.columns) for c in table.constraints if c.kind == "check"]
    assert sorted(checks) == EXPECTED


@pytest.mark.postgres
def test_postgres_names_the_same_checks_and_records_the_same_columns(
    postgres_any: Cluster,
) -> None:
    postgres_any.create_database("check_names")
    postgres_any.execute("check_names", HISTORY)
    rows = postgres_any.execute(
        "check_names",
        "SELECT conname, array_to_string(ARRAY(SELECT attname FROM unnest(conkey) WITH"
        " ORDINALITY AS k(n, i) JOIN pg_attribute ON attrelid = conrelid AND attnum = n"
        " ORDER BY i), ',') FROM pg_constraint WHERE conrelid = 'events'::regclass"
        " AND contype = 'c' ORDER BY conname COLLATE \"C\";",
    )
    found = [line.split("|") for line in rows.splitlines() if line]
    # conkey lists the columns in order of first mention, as the replay does.
    assert [(name, tuple(keys.split(",")) if keys else ()) for name, keys in found] == EXPECTED
