"""SL201 unindexed-foreign-key."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from schemalint.catalog.model import Constraint, Table
from schemalint.rules.base import Settings
from schemalint.rules.sl201_unindexed_foreign_key import UnindexedForeignKey
from tests.rules.catalogs import (
    PATH,
    SOURCE,
    SUB_STATEMENT,
    catalog,
    column,
    fk,
    index,
    table,
)  # fmt: skip
from tests.rules.helpers import check_catalog, lint, span_of

STATEMENT = span_of(SOURCE, SUB_STATEMENT)
CHALLENGE_FK = replace(
    fk(("challenge_id",), "challenges", "REFERENCES challenges (id)"), statement_span=STATEMENT
)
WORKSPACE_FK = replace(
    fk(("workspace_id",), "workspaces", "REFERENCES workspaces (id)"), statement_span=STATEMENT
)
MESSAGE = "Foreign key `challenge_id` on `submissions` (referencing `challenges`) has no index"


def _submissions(**changes: object) -> Table:
    changes.setdefault("constraints", (WORKSPACE_FK, CHALLENGE_FK))
    return table(
        "submissions", SUB_STATEMENT, column("workspace_id"), column("challenge_id"), **changes
    )


def test_fk_of_a_table_created_in_the_same_file_is_advised_a_plain_index_after_its_statement() -> (
    None
):
    found = check_catalog(
        UnindexedForeignKey,
        catalog(_submissions(indexes=(index("ws", "workspace_id"),))),
        SOURCE,
    )
    assert [seen for seen, _, _ in found] == [("SL201", PATH, 9, 30, MESSAGE)]
    # The rule offers no edit of the history: its fix is the new migration schemalint.fix
    # plans over the whole history (tests/fix); the help still says what the file could hold.
    assert found[0][2] is None
    assert found[0][1] == (
        "Every delete or key update on `challenges` looks up the rows of `submissions` that "
        "reference it; without an index that starts with `challenge_id` each lookup scans the "
        "whole table, and joins on the key are slow. Add `CREATE INDEX "
        "submissions_challenge_id_idx ON submissions (challenge_id);` after this statement: the "
        "table is created in the same migration, so it is still empty and a plain CREATE INDEX "
        "builds at once."
    )


def test_leading_columns_in_any_order_of_a_composite_key_cover_the_fk() -> None:
    pair = Constraint(
        "foreign_key", "pair", ("workspace_id", "challenge_id"), span_of(SOURCE, "challenge_id")
    )
    unique = Constraint(
        "unique", "u", ("challenge_id", "workspace_id", "id"), span_of(SOURCE, "challenge_id")
    )
    covered = _submissions(constraints=(pair, unique))
    assert check_catalog(UnindexedForeignKey, catalog(covered), SOURCE) == []


def test_pk_or_index_whose_leading_columns_differ_does_not_cover_the_fk() -> None:
    primary = Constraint("primary_key", "pk", ("id", "challenge_id"), span_of(SOURCE, "id"))
    found = check_catalog(
        UnindexedForeignKey,
        catalog(
            _submissions(
                constraints=(primary, CHALLENGE_FK),
                indexes=(index("late", "workspace_id", "challenge_id"),),
            )
        ),
        SOURCE,
    )
    assert [seen for seen, _, _ in found] == [("SL201", PATH, 9, 30, MESSAGE)]


def test_partial_and_expression_indexes_do_not_cover_the_fk() -> None:
    indexes = (
        index("live", "challenge_id", partial=True),
        index("expr", None, "challenge_id"),
        index("ws", "workspace_id"),
    )
    found = check_catalog(UnindexedForeignKey, catalog(_submissions(indexes=indexes)), SOURCE)
    assert [seen for seen, _, _ in found] == [("SL201", PATH, 9, 30, MESSAGE)]


def test_incomplete_tables_are_skipped() -> None:
    assert check_catalog(UnindexedForeignKey, catalog(_submissions(incomplete=True)), SOURCE) == []


def test_sqlite_help_advises_a_plain_index() -> None:
    found = check_catalog(
        UnindexedForeignKey,
        catalog(_submissions(indexes=(index("ws", "workspace_id"),))),
        SOURCE,
        settings=Settings(dialect="sqlite"),
    )
    assert found[0][2] is None
    assert found[0][1].endswith(
        "Add `CREATE INDEX submissions_challenge_id_idx ON submissions (challenge_id);`."
    )


def test_a_partial_index_on_the_key_being_not_null_covers_the_fk(tmp_path: Path) -> None:
    sql = (
        "create table p (id int primary key, k int, unique (id, k));\n"
        "create table c (pid int references p (id), pk int, other int,\n"
        "  foreign key (pid, pk) references p (id, k));\n"
        "create index c_pid_idx on c (pid) where pid is not null;\n"
        "create index c_both_idx on c (pk, pid) where pid is not null and c.pk is not null;\n"
        "create table d (pid int references p (id));\n"
        "create index d_live_idx on d (pid) where pid is not null and pid > 0;\n"
        "create table e (pid int references p (id));\n"
        "create index e_other_idx on e (pid) where other is not null;\n"
    )
    found, _ = lint(tmp_path, [("m/1.sql", sql)], ["SL201"])
    assert found == [
        ("SL201", "m/1.sql", 6, 25, "Foreign key `pid` on `d` (referencing `p`) has no index"),
        ("SL201", "m/1.sql", 8, 25, "Foreign key `pid` on `e` (referencing `p`) has no index"),
    ]


def test_a_renamed_key_column_keeps_its_partial_index_covering(tmp_path: Path) -> None:
    sql = (
        "create table p (id int primary key);\n"
        "create table c (pid int references p (id));\n"
        "create index c_pid_idx on c (pid) where pid is not null;\n"
        "alter table c rename column pid to parent_id;\n"
    )
    found, _ = lint(tmp_path, [("m/1.sql", sql)], ["SL201"])
    assert found == []
