"""Replay against PostgreSQL 15 and 18 on small histories, one per feature of the replay.

The replayed catalog must agree with the database's on tables, columns, nullability,
constraints (FKs), indexes, RLS and policies (``snapshot.diff``, with the columns each object
reads). A history may hold statements PostgreSQL refuses: psql goes on after them (each is
its own transaction), and the replay must record one ``WouldFail`` event for each error and
leave the catalog as the database is. ``POSTGRES_18_HISTORIES`` use PostgreSQL 18's syntax
and run on 18 only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from schemalint.catalog.events import WouldFail
from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.frontends.postgres import frontend
from schemalint.source import SourceFile
from tests.groundtruth.snapshot import diff, from_catalog, from_database
from tests.pgcluster import SUPABASE_STUB, Cluster
from tests.rules.test_rule_pages import _FENCE, _sections

HISTORIES = {
    "create-schema-elements": """
create schema app
  create table accounts (id bigint primary key, name text not null)
  create table notes (id bigint primary key, account_id bigint not null references accounts (id),
                      body text)
  create index notes_body on notes (body)
  create view note_bodies as select body from notes;
create schema audit authorization current_user
  create table log (id bigint generated always as identity primary key,
                    note_id bigint references app.notes (id) on delete cascade);
create table public.accounts (id int primary key);
set search_path = app, public;
create schema later create table items (account_id bigint references accounts (id));
""",
    "index-names": """
create table t (a int, b text, c int, j jsonb);
create index on t (a) include (c);
create index on t ((a::text));
create index on t (((a + c)::text));
create index on t ((j->>'x'));
create index on t ((b collate "C"));
create index on t (lower(b));
create index on t ((coalesce(a, 0)));
create index on t ((case when a > 0 then 1 end));
create index on t ((a + c), lower(b), lower(b));
create index on t ((greatest(a, c)));
create index on t ((nullif(a, c)));
create index on t ((array[a]));
create index on t (((c)));
""",
    "like": """
create table ref (id int primary key);
create table s (id serial primary key, a int not null default 3, b text unique,
                c int references ref (id), d int generated always as (a * 2) stored,
                e int generated always as identity, check (a > 0),
                constraint named_ck check (b <> ''));
create index s_ab on s (a, b) where a > 1;
create index s_c on s (c) include (d);
create index s_lower on s (lower(b));
create table l1 (x int, like s, y int);
create table l2 (like s including all);
create table l3 (like s including defaults including constraints);
create table l4 (like s including indexes including identity, z int not null);
create table l5 (like s including all excluding indexes excluding generated);
""",
    "inherits": """
create table ref (id int primary key);
create table s (id serial primary key, a int not null default 3, b text unique,
                c int references ref (id), d int generated always as (a * 2) stored,
                e int generated always as identity, check (a > 0),
                constraint named_ck check (b <> ''));
create table q (a int, f text not null, check (f <> ''));
create table ch (z int, a int, b text default 'x', ref_id int references ref (id)) inherits (s, q);
create index on ch (ref_id);
""",
    "partitions": """
create table ref (id int primary key);
create table p (id int, k int not null, r int references ref (id), w text default 'w',
                primary key (id, k), check (k > 0)) partition by list (k);
create index p_r on p (r);
create unique index p_u on p (id, k, r);
create index on p ((r + 1));
create table p1 partition of p for values in (1);
create table p2 partition of p (w not null) for values in (2, 3) partition by list (id);
create table p2a partition of p2 for values in (1);
create index p_late on p (k);
create index on p (lower(w));
alter table p enable row level security;
alter table p1 enable row level security;
""",
    "attach-detach": """
create table ref (id int primary key);
create table p (id int, k int not null, r int references ref (id), primary key (id, k))
  partition by list (k);
create index p_r on p (r);
create index on p (lower(r::text));
create table a1 (id int not null, k int not null, r int, check (k > 0));
create index a1_own_r on a1 (r);
alter table p attach partition a1 for values in (1);
create table a2 (id int not null, k int not null, r int,
                 constraint a2_fk foreign key (r) references ref (id), primary key (id, k));
alter table p attach partition a2 for values in (2);
create table d1 partition of p for values in (3);
alter table p detach partition d1;
create index p_late on p (k);
""",
    "recursing-alters": """
create table ref (id int primary key);
create table p (id int, k int not null, primary key (id, k)) partition by list (k);
create table p1 partition of p for values in (1);
create table p2 partition of p for values in (2) partition by list (id);
create table p2a partition of p2 for values in (1);
alter table p add column r int references ref (id);
alter table p add column s text not null default 's';
alter table p add constraint p_s_check check (s <> '');
alter table p add constraint p_ref_fk foreign key (k) references ref (id);
alter table p alter column r set not null;
alter table p add constraint p_uniq unique (id, k, r);
create table base (id int primary key, note text);
create table child (extra int) inherits (base);
alter table base add column owner int references ref (id);
alter table base add constraint base_note check (note <> '');
alter table base alter column note set not null;
alter table base add constraint base_owner_key unique (owner);
""",
    "inheritance-alters": """
create table base (id int, x int, y int, z int, w int);
create table kid (y int, extra int) inherits (base);
create table other (w int);
create table kid2 () inherits (base, other);
create index on kid (x);
-- recurse: a column kid has only from base goes, one it also defines (y) or has from
-- another parent (w) stays; renames and types follow in every child
alter table base drop column x;
alter table base drop column y;
alter table base drop column w;
alter table base rename column z to zz;
alter table base alter column id type bigint;
-- ONLY: the children's zz becomes their own
alter table only base drop column zz;
-- refused: ONLY with children, or on a column the table inherits
alter table only base rename column id to ident;
alter table only base alter column id type int;
alter table kid rename column id to ident;
alter table kid alter column id type int;
alter table kid drop column id;
alter table only base add column q int;
alter table base add constraint base_id check (id > 0);
alter table only base add constraint base_id2 check (id > 1);
create table p (id int, k int, v int, u int) partition by list (k);
create table p1 partition of p for values in (1);
create table p2 partition of p for values in (2) partition by list (id);
create table p2a partition of p2 for values in (1);
alter table only p drop column v;
alter table only p rename column v to vv;
alter table only p alter column v type bigint;
alter table only p add column q int;
alter table p drop column v;
alter table p rename column u to uu;
alter table p alter column uu type bigint;
alter table p1 drop column uu;
alter table p detach partition p1;
alter table p1 drop column uu;
-- INHERIT needs the parent's columns and CHECKs; NO INHERIT keeps the columns
create table lone (id bigint, k int, extra int);
alter table lone inherit base;
alter table lone add constraint base_id check (id > 0);
alter table lone inherit base;
alter table lone inherit base;
create table lone2 (id bigint, k int);
alter table lone2 inherit p;
alter table kid no inherit base;
alter table kid no inherit other;
alter table kid2 no inherit base;
alter table base add column n int;
alter table base drop column id cascade;
""",
    "view-columns": """
create table a (id int primary key, x int, y int, z int, w int);
create table b (id int primary key, a_id int, x int);
create view v_x as select x from a;
create view v_star as select * from b;
create view v_join as select a.id, b.x from a join b on a.id = b.a_id where y > 0;
create view v_sub as select id from a where exists (select 1 from b where b.a_id = a.id and z = 1);
create view v_cte as with c as (select w from a) select w from c;
create materialized view mv as select y from a;
create view v_on_v as select x from v_x;
-- refused: a view reads the column
alter table a drop column x;
alter table a drop column y;
alter table a drop column z;
alter table a drop column w;
alter table b drop column a_id;
alter table a alter column x type bigint;
alter table a alter column y type bigint;
-- accepted: a column added after SELECT * is not read; renames follow
alter table b add column extra int;
alter table b drop column extra;
alter table a rename column x to xx;
alter table a rename to a2;
alter table a2 alter column id type bigint;
-- with CASCADE the views that read it go, and the views on those
alter table a2 drop column xx cascade;
alter table a2 drop column y cascade;
alter table b drop column a_id cascade;
""",
    "drop-table-details": """
-- PostgreSQL's DETAIL lines: FKs, another table's policy, a view; one or several tables
create table a (id int primary key, x int, y int generated always as (x * 2) stored);
create table b (id int primary key, a_id int references a (id));
alter table b enable row level security;
create policy b_read on b using (exists (select 1 from a where a.x = b.id));
create view av as select x from a;
create table c (id int references a (id));
drop table a;
drop table a, c;
drop table c, b, a;
alter table a drop column x;
""",
    "drop-dependencies": """
create table a (id int primary key, x int, y int, z int generated always as (y * 2) stored,
                check (x > 0));
create index a_x on a (x);
create index a_xy on a (y, x) where x > 1;
create table b (id int primary key, a_id int references a (id), ax int);
alter table b enable row level security;
create policy b_read on b for select using (exists (select 1 from a where a.x = b.id));
alter table a enable row level security;
create policy a_own on a using (y > 0);
-- refused: a policy of b reads a.x / the generated column and a policy read y / b's FK
alter table a drop column x;
alter table a drop column y;
drop table a;
-- accepted: same-table index, partial index and check go silently
create table c (id int primary key, k int, unique (k), check (k <> id));
create index c_k on c (id, k) where k > 0;
alter table c drop column k;
-- DROP EXPRESSION makes a plain column: nothing depends on y any more
create table g (x int, y int generated always as (x * 2) stored);
alter table g alter column y drop expression;
alter table g drop column x;
-- with CASCADE the policy of the other table, the generated column, the FK go too
alter table a drop column x cascade;
alter table a drop column y cascade;
drop table a cascade;
create table v0 (id int primary key, note text);
create view v0_notes as select note from v0;
create view v0_notes2 as select * from v0_notes;
drop table v0;
drop table v0 cascade;
create table v0 (id int primary key);
create table d (id int primary key);
create table e (id int primary key, d_id int references d (id));
create table f (id int primary key, d_id int references d (id));
drop table d, e;
drop table e, d cascade;
""",
}

# PostgreSQL 18's syntax: table-level NOT NULL, named not-null constraints (NOT VALID, then
# VALIDATE, DROP; recursing to partitions and inheritors), virtual generated columns.
POSTGRES_18_HISTORIES = {
    "not-null-constraints": """
create table t (a int, b int, c int, d int, e int, not null a, constraint b_nn not null b not valid,
                v int generated always as (a * 2) virtual, w int generated always as (c + 1));
alter table t add constraint c_nn not null c not valid;
alter table t add constraint d_nn not null d;
alter table t add constraint e_nn not null e not valid;
alter table t validate constraint e_nn;
alter table t drop constraint d_nn;
-- refused: a second not-null constraint on a column, a valid one over a NOT VALID one
alter table t add constraint a2 not null a not valid;
alter table t add constraint c_nn not null c;
-- accepted: the same one again
alter table t add constraint t_a_not_null not null a;
alter table t add constraint c_nn not null c not valid;
create table u (x int, y int);
alter table u add constraint y_nn not null y not valid;
alter table u alter column y set not null;
alter table u add constraint x_nn not null x not valid;
alter table u alter column x drop not null;
create table par (id int, k int) partition by list (k);
create table par1 partition of par for values in (1);
create table inh (id int, n int not null);
create table inh_c (z int) inherits (inh);
alter table par add constraint par_k_nn not null k not valid;
alter table inh add constraint inh_id_nn not null id not valid;
alter table inh validate constraint inh_id_nn;
""",
}


def replayed(sql: str, *, context: bool) -> Catalog:
    catalog = Catalog()
    for statement in frontend.parse(SourceFile("m.sql", sql), context=context):
        apply(catalog, statement)
    return catalog


@pytest.mark.postgres
@pytest.mark.parametrize("context", [False, True], ids=["target", "context"])
@pytest.mark.parametrize("history", sorted(HISTORIES))
def test_replay_agrees_with_postgres(postgres_any: Cluster, history: str, context: bool) -> None:
    agrees_with_postgres(postgres_any, history, HISTORIES[history], context=context)


@pytest.mark.postgres
@pytest.mark.parametrize("context", [False, True], ids=["target", "context"])
@pytest.mark.parametrize("history", sorted(POSTGRES_18_HISTORIES))
def test_replay_agrees_with_postgres_18(
    postgres_wheel: Cluster, history: str, context: bool
) -> None:
    assert postgres_wheel.major_version == 18
    agrees_with_postgres(postgres_wheel, history, POSTGRES_18_HISTORIES[history], context=context)


_LINE_START = re.compile(r"^(?:[A-Z]+:  |LINE \d+: |\s+\^)")


def errors(stderr: str) -> list[tuple[str, tuple[str, ...]]]:
    """psql's ERRORs, each with its DETAIL lines (sorted: PostgreSQL lists what depends on a
    dropped object in its own order)."""
    found: list[tuple[str, list[str]]] = []
    after_error = in_detail = False
    for line in stderr.splitlines():
        if line.startswith("DETAIL:  ") and after_error:
            found[-1][1].append(line.removeprefix("DETAIL:  "))
            in_detail = True
        elif in_detail and not _LINE_START.match(line):
            found[-1][1].append(line)  # DETAIL goes on over several lines
        elif _LINE_START.match(line):
            # A NOTICE's DETAIL (drop cascades to ...) is no error's.
            after_error = line.startswith("ERROR:  ")
            in_detail = False
            if after_error:
                found.append((line.removeprefix("ERROR:  "), []))
    return [(message, tuple(sorted(details))) for message, details in found]


def agrees_with_postgres(postgres: Cluster, history: str, sql: str, *, context: bool) -> None:
    database = "rc_" + history.replace("-", "_") + ("_c" if context else "")
    postgres.create_database(database, SUPABASE_STUB)
    result = postgres.psql(database, "-v", "ON_ERROR_STOP=0", stdin=sql)
    assert result.returncode == 0, result.stderr
    catalog = replayed(sql, context=context)
    refused = [
        (e.message, tuple(sorted(e.details))) for e in catalog.events if isinstance(e, WouldFail)
    ]
    assert refused == errors(result.stderr)
    differences = diff(
        from_database(postgres, database, dependencies=True),
        from_catalog(catalog, dependencies=True),
    )
    assert differences == []
    assert view_columns(postgres, database) == {
        ".".join(key): sorted(".".join(c) for c in view.columns)
        for key, view in catalog.views.items()
    }


# Each view and materialized view of the user's schemas, with the tables' columns its query
# depends on (its _RETURN rule's pg_depend rows on table columns).
_VIEW_COLUMNS = """
SELECT coalesce(json_object_agg(n.nspname || '.' || v.relname, (
  SELECT coalesce(json_agg(DISTINCT tn.nspname || '.' || t.relname || '.' || a.attname), '[]')
    FROM pg_rewrite r
    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
      AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0
    JOIN pg_class t ON t.oid = d.refobjid AND t.relkind IN ('r', 'p')
    JOIN pg_namespace tn ON tn.oid = t.relnamespace
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    WHERE r.ev_class = v.oid)), '{}')
FROM pg_class v JOIN pg_namespace n ON n.oid = v.relnamespace
WHERE v.relkind IN ('v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema');
"""


def view_columns(postgres: Cluster, database: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = json.loads(postgres.execute(database, _VIEW_COLUMNS))
    return {name: sorted(columns) for name, columns in found.items()}


@pytest.mark.postgres
def test_only_set_not_null_on_a_partitioned_table(postgres_any: Cluster) -> None:
    # Refused while a partition's column is nullable; PostgreSQL 15 adds a DETAIL line that
    # 18 does not, so the first lines are compared. (Once the partitions' columns are NOT
    # NULL, 15 accepts it and 18 still refuses: the replay, which knows no version, follows
    # 15 there, and the statement is left out.)
    sql = """
create table p (id int, k int, n int) partition by list (k);
create table p1 partition of p for values in (1);
alter table only p alter column n set not null;
create table base (id int);
create table kid () inherits (base);
alter table only base alter column id set not null;
"""
    database = "rc_only_not_null"
    postgres_any.create_database(database)
    result = postgres_any.psql(database, "-v", "ON_ERROR_STOP=0", stdin=sql)
    catalog = replayed(sql, context=False)
    assert [e.message for e in catalog.events if isinstance(e, WouldFail)] == [
        message for message, _ in errors(result.stderr)
    ]
    differences = diff(from_database(postgres_any, database), from_catalog(catalog))
    assert differences == []


def _sl004_examples() -> list[str]:
    page = (Path(__file__).parents[2] / "rules" / "SL004-statement-would-fail.md").read_text()
    return [body for _, body in _FENCE.findall(_sections(page)["Example"])]


@pytest.mark.postgres
@pytest.mark.parametrize("number", range(len(_sl004_examples())))
def test_sl004_page_examples_fail_with_the_replays_message(
    postgres_any: Cluster, number: int
) -> None:
    # SL004's message is PostgreSQL's: each example fails there with the message (and
    # DETAIL lines) the replay records, and leaves the schema the replay has.
    agrees_with_postgres(
        postgres_any, f"sl004-page-{number}", _sl004_examples()[number], context=False
    )


@pytest.mark.postgres
def test_a_partition_queried_directly_ignores_the_parents_rls(postgres_any: Cluster) -> None:
    postgres = postgres_any
    # Why SL102 reports each partition: RLS on the parent does not guard the partition.
    database = "rc_partition_rls"
    postgres.create_database(database)
    postgres.execute(
        database,
        """
        DROP ROLE IF EXISTS rc_reader;
        CREATE ROLE rc_reader;
        CREATE TABLE ev (id int, k int) PARTITION BY LIST (k);
        CREATE TABLE ev1 PARTITION OF ev FOR VALUES IN (1);
        INSERT INTO ev VALUES (1, 1), (2, 1);
        ALTER TABLE ev ENABLE ROW LEVEL SECURITY;
        GRANT SELECT ON ev, ev1 TO rc_reader;
        """,
    )
    counts = postgres.execute(
        database,
        "SET ROLE rc_reader; SELECT count(*) FROM ev; SELECT count(*) FROM ev1; RESET ROLE;",
    )
    assert counts.split() == ["0", "2"]
    catalog = replayed(
        "create table ev (id int, k int) partition by list (k);\n"
        "create table ev1 partition of ev for values in (1);\n"
        "alter table ev enable row level security;\n",
        context=False,
    )
    assert [(t.name, t.rls_enabled, t.partition) for t in catalog] == [
        ("ev", True, False),
        ("ev1", False, True),
    ]
