"""Replay against PostgreSQL 15 on small histories, one per feature of the replay.

Each history applies cleanly on PostgreSQL; the replayed catalog must agree with the
database's on tables, columns, nullability, constraints (FKs), indexes, RLS and policies
(``snapshot.diff``, with the columns each object reads).
"""

from __future__ import annotations

import pytest

from pgcluster import SUPABASE_STUB, Cluster
from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.frontends import postgres as frontend
from schemalint.source import SourceFile

from .snapshot import diff, from_catalog, from_database

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
}


def replayed(sql: str, *, context: bool) -> Catalog:
    catalog = Catalog()
    for statement in frontend.parse(SourceFile("m.sql", sql), context=context):
        apply(catalog, statement)
    return catalog


@pytest.mark.postgres
@pytest.mark.parametrize("context", [False, True], ids=["target", "context"])
@pytest.mark.parametrize("history", sorted(HISTORIES))
def test_replay_agrees_with_postgres(postgres: Cluster, history: str, context: bool) -> None:
    database = "rc_" + history.replace("-", "_") + ("_c" if context else "")
    postgres.create_database(database, SUPABASE_STUB)
    result = postgres.psql(database, "-v", "ON_ERROR_STOP=1", stdin=HISTORIES[history])
    assert result.returncode == 0, result.stderr
    differences = diff(
        from_database(postgres, database, dependencies=True),
        from_catalog(replayed(HISTORIES[history], context=context), dependencies=True),
    )
    assert differences == []
