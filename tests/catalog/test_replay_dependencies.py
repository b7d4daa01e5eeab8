"""What DROP COLUMN and RENAME COLUMN do to the objects that read a column.

Checked against PostgreSQL 15 (the ``dependencies`` ground-truth history covers the
statements PostgreSQL accepts). Every test runs the SQL through the PostgreSQL frontend in
both modes (target and context file): the catalog must be the same.
"""

from __future__ import annotations

import pytest

from schemalint.catalog.model import Catalog, Table
from schemalint.catalog.replay import apply
from schemalint.frontends.postgres import frontend as postgres
from schemalint.source import SourceFile

MODES = pytest.mark.parametrize("context", [False, True], ids=["target", "context"])

IndexReads = tuple[str, tuple[str | None, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def replay(sql: str, context: bool) -> Catalog:
    catalog = Catalog()
    for statement in postgres.parse(SourceFile("m.sql", sql), context=context):
        apply(catalog, statement)
    return catalog


def table(catalog: Catalog, name: str) -> Table:
    found = catalog.tables.get(("public", name))
    assert found is not None, sorted(catalog.tables)
    return found


def indexes(t: Table) -> list[IndexReads]:
    return [
        (i.name, i.columns, i.expression_columns, i.predicate_columns, i.include_columns)
        for i in t.indexes
    ]


def policies(t: Table) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(p.name, p.using_columns, p.with_check_columns) for p in t.policies]


def columns(t: Table) -> list[tuple[str, tuple[str, ...] | None]]:
    return [(c.name, c.generated_from) for c in t.columns]


TABLE = """
create table p (id int primary key, a int, c text, d int, e int);
create index p_lower_c on p (lower(c));
create index p_partial on p (a) where d > 0;
create index p_covering on p (a) include (e);
create index p_plain on p (a);
alter table p enable row level security;
create policy reads_d on p for select using (d > 0);
create policy checks_d on p for insert with check (p.d > 0);
create policy reads_a on p for update using (a > 0);
"""


@MODES
def test_the_columns_each_object_reads_are_recorded(context: bool) -> None:
    p = table(replay(TABLE, context), "p")
    assert indexes(p) == [
        ("p_lower_c", (None,), ("c",), (), ()),
        ("p_partial", ("a",), (), ("d",), ()),
        ("p_covering", ("a",), (), (), ("e",)),
        ("p_plain", ("a",), (), (), ()),
    ]
    assert policies(p) == [
        ("reads_d", ("d",), ()),
        ("checks_d", (), ("d",)),
        ("reads_a", ("a",), ()),
    ]


@MODES
def test_drop_column_drops_indexes_reading_it_in_expression_where_or_include(
    context: bool,
) -> None:
    sql = TABLE + "alter table p drop column c; alter table p drop column e;"
    catalog = replay(sql, context)
    p = table(catalog, "p")
    assert [i.name for i in p.indexes] == ["p_partial", "p_plain"]
    assert ("public", "p_lower_c") not in catalog.index_owner
    assert ("public", "p_covering") not in catalog.index_owner


@MODES
def test_drop_column_cascade_drops_the_policies_and_partial_index_reading_it(
    context: bool,
) -> None:
    p = table(replay(TABLE + "alter table p drop column d cascade;", context), "p")
    assert [c.name for c in p.columns] == ["id", "a", "c", "e"]
    assert [i.name for i in p.indexes] == ["p_lower_c", "p_covering", "p_plain"]
    assert policies(p) == [("reads_a", ("a",), ())]


@MODES
def test_drop_column_without_cascade_keeps_policies_postgres_refuses_to_drop_it(
    context: bool,
) -> None:
    # PostgreSQL: "cannot drop column d of table p because other objects depend on it"; the
    # statement changes nothing, and so does the replay (SL004 reports it).
    p = table(replay(TABLE + "alter table p drop column d;", context), "p")
    assert [c.name for c in p.columns] == ["id", "a", "c", "d", "e"]
    assert [i.name for i in p.indexes] == ["p_lower_c", "p_partial", "p_covering", "p_plain"]
    assert [x.name for x in p.policies] == ["reads_d", "checks_d", "reads_a"]


@MODES
def test_drop_column_drops_a_check_reading_it_without_cascade(context: bool) -> None:
    sql = "create table t (a int, b int, check (a > b)); alter table t drop column a;"
    assert table(replay(sql, context), "t").constraints == ()


GENERATED = """
create table ch (
  id int primary key,
  x int,
  y int generated always as (x * 2) stored,
  z int generated always as (ch.x + id) stored,
  k int generated always as (1) stored
);
create index ch_y on ch (y);
"""


@MODES
def test_generated_columns_record_the_columns_their_expression_reads(context: bool) -> None:
    ch = table(replay(GENERATED, context), "ch")
    assert columns(ch) == [
        ("id", None),
        ("x", None),
        ("y", ("x",)),
        ("z", ("x", "id")),
        ("k", ()),
    ]


@MODES
def test_drop_column_cascade_drops_generated_columns_and_their_indexes(context: bool) -> None:
    catalog = replay(GENERATED + "alter table ch drop column x cascade;", context)
    ch = table(catalog, "ch")
    assert columns(ch) == [("id", None), ("k", ())]
    assert ch.indexes == ()
    assert ("public", "ch_y") not in catalog.index_owner


@MODES
def test_drop_column_without_cascade_keeps_generated_columns(context: bool) -> None:
    # PostgreSQL refuses: "column y of table ch depends on column x of table ch".
    ch = table(replay(GENERATED + "alter table ch drop column x;", context), "ch")
    assert columns(ch) == [("id", None), ("x", None), ("y", ("x",)), ("z", ("x", "id")), ("k", ())]
    assert [i.name for i in ch.indexes] == ["ch_y"]


@MODES
def test_added_generated_column_records_its_reads(context: bool) -> None:
    sql = "create table t (a int); alter table t add column b int generated always as (a) stored;"
    assert columns(table(replay(sql, context), "t")) == [("a", None), ("b", ("a",))]


@MODES
def test_rename_column_renames_every_reference_to_it(context: bool) -> None:
    sql = (
        TABLE
        + GENERATED
        + """
        alter table p rename column d to dd;
        alter table p rename column e to ee;
        alter table p rename column c to cc;
        alter table ch rename column x to xx;
        """
    )
    catalog = replay(sql, context)
    p, ch = table(catalog, "p"), table(catalog, "ch")
    assert indexes(p) == [
        ("p_lower_c", (None,), ("cc",), (), ()),
        ("p_partial", ("a",), (), ("dd",), ()),
        ("p_covering", ("a",), (), (), ("ee",)),
        ("p_plain", ("a",), (), (), ()),
    ]
    assert policies(p) == [
        ("reads_d", ("dd",), ()),
        ("checks_d", (), ("dd",)),
        ("reads_a", ("a",), ()),
    ]
    assert columns(ch) == [
        ("id", None),
        ("xx", None),
        ("y", ("xx",)),
        ("z", ("xx", "id")),
        ("k", ()),
    ]


POLICY_SUBSELECTS = """
create table members (workspace_id int, user_id int);
create table challenges (id int, workspace_id int, created_by int, owner int);
create policy qualified on challenges using (
  exists (select 1 from members m where m.workspace_id = challenges.workspace_id)
);
create policy inner_binds on challenges using (
  exists (select 1 from members where user_id = created_by and workspace_id = 1)
);
create policy no_from on challenges using ((select coalesce(owner, 0) > 0));
create policy unknown_relation on challenges using (
  exists (select 1 from auth.users u where owner > 0 and id is not null)
);
create policy same_table on challenges using (
  exists (select 1 from challenges c2 where c2.owner = 1)
);
create policy from_subquery on challenges using (
  exists (select 1 from (select 1 as one) s where owner = one)
);
"""


@MODES
def test_policy_columns_follow_postgres_name_binding_in_sub_selects(context: bool) -> None:
    # m.workspace_id is members'; an unqualified name binds to the innermost relation that
    # has the column (members has user_id and workspace_id, not created_by); names inside
    # a FROM-less sub-select are the table's. Where a FROM item's columns are unknown (a
    # table the catalog lacks, a FROM sub-select) unqualified names are left out: PostgreSQL
    # reads challenges.owner in unknown_relation and from_subquery, the replay records less.
    challenges = table(replay(POLICY_SUBSELECTS, context), "challenges")
    assert policies(challenges) == [
        ("qualified", ("workspace_id",), ()),
        ("inner_binds", ("created_by",), ()),
        ("no_from", ("owner",), ()),
        ("unknown_relation", (), ()),
        ("same_table", ("owner",), ()),
        ("from_subquery", (), ()),
    ]


@MODES
def test_policy_reading_another_tables_column_goes_with_drop_column_cascade(
    context: bool,
) -> None:
    # As in PostgreSQL: policy q_reads_p depends on the column it reads in p.
    sql = """
    create table p (id int, d int);
    create table q (id int, pid int);
    create policy q_reads_p on q using (exists (select 1 from p where p.d = q.pid));
    alter table p drop column d cascade;
    """
    assert policies(table(replay(sql, context), "q")) == []


@MODES
def test_alter_policy_replaces_the_columns_of_the_clauses_it_sets(context: bool) -> None:
    sql = """
    create table t (id int, a int, b int);
    create policy p on t using (a > 0) with check (b > 0);
    alter policy p on t using (b > 1);
    alter table t drop column a cascade;
    """
    assert policies(table(replay(sql, context), "t")) == [("p", ("b",), ("b",))]
