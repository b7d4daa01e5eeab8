"""SL004 statement-would-fail, through the engine; PostgreSQL confirms each verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pgcluster import SUPABASE_STUB, Cluster
from tests.rules.helpers import lint

SCHEMA = """\
create table orgs (id uuid primary key, slug text);
create table members (org_id uuid, user_id uuid);
create table projects (
  id uuid primary key,
  org_id uuid references orgs (id),
  name text,
  name_upper text generated always as (upper(name)) stored
);
alter table projects enable row level security;
create policy by_org on projects using (org_id is not null);
create policy by_member on projects
  using (exists (select 1 from members m where m.org_id = projects.org_id and user_id = auth.uid()));
"""
# Each statement PostgreSQL refuses after SCHEMA, and SL004's message for it (at the column).
REJECTED = {
    "alter table projects drop column org_id;": (
        "PostgreSQL rejects this statement: cannot drop column org_id of table projects because "
        "other objects depend on it (policy by_org on table projects depends on column org_id "
        "of table projects; policy by_member on table projects depends on column org_id of "
        "table projects)"
    ),
    "alter table projects drop column name;": (
        "PostgreSQL rejects this statement: cannot drop column name of table projects because "
        "other objects depend on it (column name_upper of table projects depends on column name "
        "of table projects)"
    ),
    "alter table orgs drop column id;": (
        "PostgreSQL rejects this statement: cannot drop column id of table orgs because other "
        "objects depend on it (constraint projects_org_id_fkey on table projects depends on "
        "column id of table orgs)"
    ),
    "alter table members drop column org_id;": (
        "PostgreSQL rejects this statement: cannot drop column org_id of table members because "
        "other objects depend on it (policy by_member on table projects depends on column "
        "org_id of table members)"
    ),
    "alter table members drop column user_id;": (
        "PostgreSQL rejects this statement: cannot drop column user_id of table members because "
        "other objects depend on it (policy by_member on table projects depends on column "
        "user_id of table members)"
    ),
    "alter table orgs add column slug text;": (
        'PostgreSQL rejects this statement: column "slug" of relation "orgs" already exists'
    ),
}
ACCEPTED = (
    "alter table projects drop column org_id cascade;",
    "alter table orgs drop column slug;",
    "alter table orgs add column if not exists slug text;",
    "alter table projects drop column name_upper;",
    "alter table members add column role text;",
    "do $$ begin alter table orgs add column slug text; exception when others then null; end $$;",
)
LINE = SCHEMA.count("\n") + 1


@pytest.mark.parametrize("statement", sorted(REJECTED))
def test_a_statement_postgres_refuses_is_reported_at_its_column(
    tmp_path: Path, statement: str
) -> None:
    found, _ = lint(tmp_path, [("m/1.sql", SCHEMA + statement + "\n")], ["SL004"])
    column = statement.index(" column ") + len(" column ") + 1
    assert found == [("SL004", "m/1.sql", LINE, column, REJECTED[statement])]


@pytest.mark.parametrize("statement", ACCEPTED)
def test_a_statement_postgres_runs_is_not_reported(tmp_path: Path, statement: str) -> None:
    found, _ = lint(tmp_path, [("m/1.sql", SCHEMA + statement + "\n")], ["SL004"])
    assert found == []


def test_the_help_says_what_to_write_instead(tmp_path: Path) -> None:
    sql = SCHEMA + "alter table orgs drop column id;\n"
    _, (finding,) = lint(tmp_path, [("m/1.sql", sql)], ["SL004"])
    assert finding.help == (
        "The migration stops here when it runs, and nothing after it in the file is applied "
        "(in a transaction, nothing of the file is). Drop or change the dependent objects "
        "first, in this migration, or write `DROP COLUMN ... CASCADE` to drop them with the "
        "column (check that losing them is intended: a policy dropped this way no longer "
        "protects the table)."
    )


@pytest.mark.postgres
def test_postgres_rejects_exactly_what_sl004_reports(postgres: Cluster) -> None:
    verdicts = {}
    for number, statement in enumerate((*sorted(REJECTED), *ACCEPTED)):
        database = f"sl004_{number}"
        postgres.create_database(database, SUPABASE_STUB)
        postgres.execute(database, SCHEMA)
        result = postgres.psql(database, stdin=statement + "\n")
        verdicts[statement] = (result.returncode != 0, result.stderr.splitlines()[:1])
    assert {s: rejected for s, (rejected, _) in verdicts.items()} == {
        **dict.fromkeys(REJECTED, True),
        **dict.fromkeys(ACCEPTED, False),
    }
    # PostgreSQL's own first line of error is SL004's message.
    for statement, message in REJECTED.items():
        error = verdicts[statement][1][0].removeprefix("ERROR:  ")
        assert message.removeprefix("PostgreSQL rejects this statement: ").startswith(error)


INHERITED = """\
create table base (id int, note text);
create table kid (extra int) inherits (base);
create view notes as select note from base;
"""
# Each statement PostgreSQL 15 and 18 refuse after INHERITED (the ground truth in
# tests/groundtruth/test_replay_completeness.py runs these kinds), the name SL004 points at,
# and its message.
REJECTED_INHERITED = {
    "alter table kid rename column note to body;": (
        "note",
        'PostgreSQL rejects this statement: cannot rename inherited column "note"',
    ),
    "alter table only base alter column id type bigint;": (
        "id",
        'PostgreSQL rejects this statement: type of inherited column "id" must be changed in '
        "child tables too",
    ),
    "alter table base alter column note type varchar(10);": (
        "note",
        "PostgreSQL rejects this statement: cannot alter type of a column used by a view or "
        'rule (rule _RETURN on view notes depends on column "note")',
    ),
    "alter table base drop column note;": (
        "note",
        "PostgreSQL rejects this statement: cannot drop column note of table base because "
        "other objects depend on it (view notes depends on column note of table base)",
    ),
}


@pytest.mark.parametrize("statement", sorted(REJECTED_INHERITED))
def test_inheritance_and_view_refusals_are_reported_at_the_column(
    tmp_path: Path, statement: str
) -> None:
    found, _ = lint(tmp_path, [("m/1.sql", INHERITED + statement + "\n")], ["SL004"])
    name, message = REJECTED_INHERITED[statement]
    column = statement.index(f" {name}") + 2
    assert found == [("SL004", "m/1.sql", INHERITED.count("\n") + 1, column, message)]


def test_only_with_children_asks_to_leave_only_out(tmp_path: Path) -> None:
    sql = INHERITED + "alter table only base rename column id to ident;\n"
    _, (finding,) = lint(tmp_path, [("m/1.sql", sql)], ["SL004"])
    assert finding.help == (
        "The migration stops here when it runs, and nothing after it in the file is applied "
        "(in a transaction, nothing of the file is). Leave out `ONLY`: PostgreSQL applies "
        "this to the inheritors and partitions too."
    )


@pytest.mark.parametrize(
    "statement",
    [
        "alter table base rename column note to body;",
        "alter table base alter column id type bigint;",
        "alter table base drop column note cascade;",
        "alter table kid no inherit base;",
    ],
)
def test_what_postgres_runs_on_the_parent_is_not_reported(tmp_path: Path, statement: str) -> None:
    found, _ = lint(tmp_path, [("m/1.sql", INHERITED + statement + "\n")], ["SL004"])
    assert found == []
