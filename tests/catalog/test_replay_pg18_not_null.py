"""PostgreSQL 18's table-level ``NOT NULL col`` constraint, on the parser and replay level.

The PostgreSQL 18 oracle harness is not on this branch: the ground-truth tests run on 15,
which rejects this syntax. pglast 8 parses it as PostgreSQL 18 does.
"""

from __future__ import annotations

import pytest

from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.frontends import postgres
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
