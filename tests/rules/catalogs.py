"""Hand-built catalogs whose spans point into a real migration text."""

from __future__ import annotations

from dataclasses import replace

from schemalint.catalog.model import Catalog, Column, Constraint, Index, Policy, Table
from schemalint.source import SourceFile
from tests.rules.helpers import span_of

PATH = "supabase/migrations/20240101000000_init.sql"
TEXT = """\
CREATE TABLE organizations (id uuid PRIMARY KEY);
CREATE TABLE workspaces (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations (id)
);
CREATE TABLE submissions (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  challenge_id uuid NOT NULL REFERENCES challenges (id)
);
ALTER TABLE submissions ENABLE ROW LEVEL SECURITY;
CREATE POLICY submissions_select ON submissions FOR SELECT USING (true);
"""
SOURCE = SourceFile(PATH, TEXT)


def column(name: str, occurrence: int = 1) -> Column:
    return Column(name, "uuid", True, False, span_of(SOURCE, name, occurrence))


def renamed(base: Column, name: str) -> Column:
    return replace(base, name=name)


def table(name: str, statement: str, *columns: Column, **changes: object) -> Table:
    span = span_of(SOURCE, statement)
    built = Table("public", name, span, span_of(SOURCE, name), columns=columns, origin="sql")
    return built.with_changes(**changes)


def fk(columns: tuple[str, ...], target: str, clause: str) -> Constraint:
    return Constraint(
        "foreign_key", f"fk_{target}", columns, span_of(SOURCE, clause), "public", target, ("id",)
    )


def catalog(*tables: Table) -> Catalog:
    built = Catalog()
    for item in tables:
        built.tables[item.key] = item
    return built


def index(name: str, *columns: str | None, partial: bool = False) -> Index:
    return Index(name, columns, span_of(SOURCE, "CREATE TABLE"), partial=partial)


def policy(name: str) -> Policy:
    return Policy(name, span_of(SOURCE, "CREATE POLICY"))


ORG_STATEMENT = "CREATE TABLE organizations (id uuid PRIMARY KEY)"
WS_STATEMENT = TEXT[TEXT.index("CREATE TABLE workspaces") : TEXT.index(";\nCREATE TABLE sub")]
SUB_STATEMENT = TEXT[TEXT.index("CREATE TABLE submissions") : TEXT.index(";\nALTER")]
