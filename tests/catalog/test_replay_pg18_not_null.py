"""PostgreSQL 18's not-null constraints (table-level ``NOT NULL col``, ``ADD CONSTRAINT name
NOT NULL col [NOT VALID]``) on the replay level; ``tests/groundtruth/test_replay_completeness``
compares the same facts with PostgreSQL 18's ``attnotnull`` and ``convalidated``.
"""

from __future__ import annotations

import pytest

from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.frontends.postgres import frontend as postgres
from schemalint.source import SourceFile

MODES = pytest.mark.parametrize("context", [False, True], ids=["target", "context"])


def replay(sql: str, context: bool) -> Catalog:
    catalog = Catalog()
    for statement in postgres.parse(SourceFile("m.sql", sql), context=context):
        apply(catalog, statement)
    return catalog


@MODES
def test_table_level_not_null_makes_the_column_not_null(context: bool) -> None:
    # NOT VALID too: a new table has no row the constraint could leave unchecked.
    sql = "create table t (a int, b int, c int, not null a, constraint b_nn not null b not valid);"
    t = replay(sql, context).tables[("public", "t")]
    assert [(c.name, c.not_null) for c in t.columns] == [("a", True), ("b", True), ("c", False)]
    assert not t.incomplete


@MODES
def test_not_null_on_an_inherited_column_is_not_followed(context: bool) -> None:
    sql = "create table p (a int); create table c (b int, not null a) inherits (p);"
    assert replay(sql, context).tables[("public", "c")].incomplete


def columns(catalog: Catalog, table: str) -> list[tuple[str, bool, str | None, bool]]:
    return [
        (c.name, c.not_null, c.not_null_name, c.not_null_valid)
        for c in catalog.tables[("public", table)].columns
    ]


@MODES
def test_a_not_valid_not_null_constraint_leaves_the_column_not_null_and_unvalidated(
    context: bool,
) -> None:
    sql = (
        "create table t (a int, b int, c int, constraint a_nn not null a not valid);\n"
        "alter table t add constraint b_nn not null b not valid;\n"
        "alter table t add constraint c_nn not null c not valid;\n"
        "alter table t validate constraint c_nn;\n"
    )
    assert columns(replay(sql, context), "t") == [
        ("a", True, "a_nn", True),  # CREATE TABLE validates it: the table is empty
        ("b", True, "b_nn", False),
        ("c", True, "c_nn", True),
    ]


@MODES
def test_set_not_null_validates_and_drop_constraint_drops_it(context: bool) -> None:
    sql = (
        "create table t (a int, b int);\n"
        "alter table t add constraint a_nn not null a not valid;\n"
        "alter table t alter column a set not null;\n"
        "alter table t add constraint b_nn not null b;\n"
        "alter table t drop constraint b_nn;\n"
    )
    assert columns(replay(sql, context), "t") == [
        ("a", True, "a_nn", True),
        ("b", False, None, True),
    ]


def test_a_second_not_null_constraint_is_refused_with_postgresqls_message() -> None:
    sql = (
        "create table t (a int not null, b int);\n"
        "alter table t add constraint a2 not null a;\n"
        "alter table t add constraint b_nn not null b not valid;\n"
        "alter table t add constraint b_nn not null b;\n"
    )
    catalog = replay(sql, False)
    assert [(e.message, e.details) for e in catalog.events] == [
        (
            'cannot create not-null constraint "a2" on column "a" of table "t"',
            ('A not-null constraint named "t_a_not_null" already exists for this column.',),
        ),
        ('incompatible NOT VALID constraint "b_nn" on relation "t"', ()),
    ]
    assert columns(catalog, "t") == [("a", True, None, True), ("b", True, "b_nn", False)]
