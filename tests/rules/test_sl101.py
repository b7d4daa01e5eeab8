"""SL101 missing-tenant-column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from schemalint.catalog.model import Table
from schemalint.rules.base import Settings
from schemalint.rules.sl101_missing_tenant_column import MissingTenantColumn
from tests.rules.catalogs import (
    ORG_STATEMENT,
    PATH,
    SOURCE,
    SUB_STATEMENT,
    WS_STATEMENT,
    catalog,
    column,
    fk,
    renamed,
    table,
)  # fmt: skip
from tests.rules.helpers import Seen, check_catalog, lint

ORGS = table("organizations", ORG_STATEMENT, column("id"))
WORKSPACES = table(
    "workspaces",
    WS_STATEMENT,
    column("id", 2),
    column("organization_id", 1),
    constraints=(fk(("organization_id",), "organizations", "REFERENCES organizations (id)"),),
)


def _found(*tables: Table, **kwargs: Any) -> list[Seen]:
    found = check_catalog(MissingTenantColumn, catalog(*tables), SOURCE, **kwargs)
    return [seen for seen, _, _ in found]


def test_table_without_tenant_column_is_reported_at_its_name() -> None:
    submissions = table("submissions", SUB_STATEMENT, column("challenge_id"))
    assert _found(ORGS, WORKSPACES, submissions) == [
        (
            "SL101", PATH, 6, 14,
            "Table `submissions` has no tenant column (`organization_id` or `workspace_id`)",
        )
    ]  # fmt: skip


def test_tenant_roots_referenced_by_a_tenant_column_are_exempt() -> None:
    assert _found(ORGS, WORKSPACES) == []


def test_configured_exempt_tables_match_name_or_schema_qualified_name() -> None:
    submissions = table("submissions", SUB_STATEMENT, column("challenge_id"))
    assert _found(ORGS, WORKSPACES, submissions, options={"exempt": ["public.submissions"]}) == []
    assert _found(ORGS, WORKSPACES, submissions, options={"exempt": ["submissions"]}) == []


def test_camel_case_prisma_column_counts_as_the_tenant_column() -> None:
    submissions = table("submissions", SUB_STATEMENT, renamed(column("id", 3), "workspaceId"))
    assert _found(ORGS, WORKSPACES, submissions) == []


def test_rule_option_columns_override_the_project_settings() -> None:
    settings = Settings(tenant_columns=("workspace_id",))
    found = _found(ORGS, WORKSPACES, settings=settings, options={"columns": ["team_id"]})
    assert found == [
        ("SL101", PATH, 1, 14, "Table `organizations` has no tenant column (`team_id`)"),
        ("SL101", PATH, 2, 14, "Table `workspaces` has no tenant column (`team_id`)"),
    ]


def test_incomplete_tables_and_platform_schemas_are_not_judged() -> None:
    broken = table("submissions", SUB_STATEMENT, column("challenge_id"), incomplete=True)
    auth = table("submissions", SUB_STATEMENT, column("challenge_id"), schema="auth")
    assert _found(ORGS, WORKSPACES, broken, auth) == []


def test_prisma_implicit_many_to_many_tables_are_exempt() -> None:
    join = table(
        "submissions", SUB_STATEMENT, renamed(column("id"), "A"), renamed(column("id"), "B")
    )
    join = join.with_changes(name="_ChallengeToTag")
    assert _found(ORGS, WORKSPACES, join) == []


def test_help_says_how_to_configure_the_tenant_columns() -> None:
    submissions = table("submissions", SUB_STATEMENT, column("challenge_id"))
    found = check_catalog(MissingTenantColumn, catalog(ORGS, WORKSPACES, submissions), SOURCE)
    assert [help_text for _, help_text, _ in found] == [
        "Every tenant-scoped row must say which tenant owns it, so that queries and row level "
        "security policies can keep tenants apart. Add the tenant column (e.g. `organization_id` "
        "with a foreign key to its table); if the table is global by design, list it under this "
        "rule's `exempt` option. If your tenant column has another name, set `tenant-columns` "
        "in the config (or this rule's `columns` option)."
    ]


SQL = "migrations/001_init.sql"
CHAIN = (
    "CREATE TABLE workspaces (id uuid PRIMARY KEY);\n"
    "CREATE TABLE posts (\n"
    "  id uuid PRIMARY KEY,\n"
    "  workspace_id uuid NOT NULL REFERENCES workspaces (id)\n"
    ");\n"
    "CREATE TABLE comments (id uuid PRIMARY KEY, post_id uuid NOT NULL REFERENCES posts (id));\n"
    "CREATE TABLE replies (id uuid PRIMARY KEY, comment_id uuid NOT NULL REFERENCES comments);\n"
    "CREATE TABLE drafts (id uuid PRIMARY KEY, post_id uuid REFERENCES posts (id));\n"
)
BASE_HELP = (
    "Every tenant-scoped row must say which tenant owns it, so that queries and row level "
    "security policies can keep tenants apart. Add the tenant column (e.g. `organization_id` "
    "with a foreign key to its table); if the table is global by design, list it under this "
    "rule's `exempt` option. If your tenant column has another name, set `tenant-columns` "
    "in the config (or this rule's `columns` option)."
)


def _message(table: str) -> str:
    return f"Table `{table}` has no tenant column (`organization_id` or `workspace_id`)"


def test_tenancy_inherited_through_not_null_foreign_keys_when_enabled(tmp_path: Path) -> None:
    options = {"SL101": {"inherit-through-foreign-keys": True}}
    seen, found = lint(tmp_path, [(SQL, CHAIN)], ["SL101"], options=options)
    assert seen == [("SL101", SQL, 8, 14, _message("drafts"))]
    assert found[0].help == BASE_HELP + (
        " It is linked to a tenant (`drafts.post_id → posts.workspace_id`), but "
        "through a nullable foreign key: a row without it has no tenant, so it does not "
        "inherit one."
    )


def test_without_the_option_the_help_names_the_chain_to_inherit_through(tmp_path: Path) -> None:
    seen, found = lint(tmp_path, [(SQL, CHAIN)], ["SL101"])
    assert seen == [
        ("SL101", SQL, 6, 14, _message("comments")),
        ("SL101", SQL, 7, 14, _message("replies")),
        ("SL101", SQL, 8, 14, _message("drafts")),
    ]
    assert found[1].help == BASE_HELP + (
        " It reaches a tenant through `replies.comment_id → comments.post_id → "
        "posts.workspace_id`: if that is how it is scoped, set "
        "`inherit-through-foreign-keys = true`."
    )


def test_sql_junction_tables_are_exempt_unless_disabled(tmp_path: Path) -> None:
    text = (
        "CREATE TABLE projects (id uuid PRIMARY KEY, workspace_id uuid NOT NULL);\n"
        "CREATE TABLE tags (id uuid PRIMARY KEY, workspace_id uuid NOT NULL);\n"
        "CREATE TABLE project_tags (\n"
        "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
        "  project_id uuid NOT NULL REFERENCES projects (id),\n"
        "  tag_id uuid NOT NULL REFERENCES tags (id),\n"
        "  position int NOT NULL DEFAULT 0,\n"
        "  created_at timestamptz NOT NULL\n"
        ");\n"
        "CREATE TABLE project_links (\n"
        "  project_id uuid NOT NULL REFERENCES projects (id),\n"
        "  tag_id uuid NOT NULL REFERENCES tags (id),\n"
        "  note text\n"
        ");\n"
        "CREATE TABLE optional_tags (\n"
        "  project_id uuid NOT NULL REFERENCES projects (id),\n"
        "  tag_id uuid REFERENCES tags (id)\n"
        ");\n"
    )
    seen, _ = lint(tmp_path, [(SQL, text)], ["SL101"])
    assert [line for _, _, line, _, _ in seen] == [10, 15]
    options = {"SL101": {"junction-tables": False}}
    seen, _ = lint(tmp_path, [(SQL, text)], ["SL101"], options=options)
    assert [line for _, _, line, _, _ in seen] == [3, 10, 15]
    options = {"SL101": {"bookkeeping-columns": ["id", "note"]}}
    seen, _ = lint(tmp_path, [(SQL, text)], ["SL101"], options=options)
    assert [line for _, _, line, _, _ in seen] == [15]


def test_configured_tenant_roots_replace_the_inferred_ones(tmp_path: Path) -> None:
    text = (
        "CREATE TABLE organizations (id uuid PRIMARY KEY);\n"
        "CREATE TABLE regions (id uuid PRIMARY KEY);\n"
        "CREATE TABLE workspaces (\n"
        "  id uuid PRIMARY KEY,\n"
        "  organization_id uuid NOT NULL REFERENCES organizations (id)\n"
        ");\n"
    )
    assert lint(tmp_path, [(SQL, text)], ["SL101"])[0] == [
        ("SL101", SQL, 2, 14, _message("regions"))
    ]
    project = {"tenant_roots": ("regions", "public.organizations")}
    assert lint(tmp_path, [(SQL, text)], ["SL101"], project=project)[0] == []


def test_explicit_prisma_junction_model_is_exempt_like_a_sql_one(tmp_path: Path) -> None:
    schema = (
        'datasource db {\n  provider = "postgresql"\n}\n\n'
        "model Project {\n  id String @id\n  workspaceId String\n  tags ProjectTag[]\n}\n\n"
        "model Tag {\n  id String @id\n  workspaceId String\n  projects ProjectTag[]\n}\n\n"
        "model ProjectTag {\n"
        "  projectId String\n"
        "  tagId     String\n"
        "  addedAt   DateTime @default(now())\n"
        "  project   Project  @relation(fields: [projectId], references: [id])\n"
        "  tag       Tag      @relation(fields: [tagId], references: [id])\n\n"
        "  @@id([projectId, tagId])\n"
        "}\n\n"
        "model Note {\n"
        "  id        String  @id\n"
        "  projectId String?\n"
        "  project   Project? @relation(fields: [projectId], references: [id])\n"
        "}\n"
    )
    path = "prisma/schema.prisma"
    seen, _ = lint(tmp_path, [(path, schema)], ["SL101"], prisma=True)
    assert seen == [("SL101", path, 27, 7, _message("Note"))]


def test_a_not_null_foreign_key_to_a_tenant_root_carries_the_tenant(tmp_path: Path) -> None:
    text = (
        "CREATE TABLE organizations (id uuid PRIMARY KEY);\n"
        "CREATE TABLE workspaces (id uuid PRIMARY KEY,"
        " organization_id uuid NOT NULL REFERENCES organizations (id));\n"
        "CREATE TABLE billing_settings (\n"
        "  id uuid PRIMARY KEY,\n"
        "  org uuid NOT NULL REFERENCES organizations (id)\n"
        ");\n"
    )
    seen, found = lint(tmp_path, [(SQL, text)], ["SL101"])
    assert seen == [("SL101", SQL, 3, 14, _message("billing_settings"))]
    assert found[0].help.endswith(
        " It reaches a tenant through `billing_settings.org → organizations`: if that is how it "
        "is scoped, set `inherit-through-foreign-keys = true`."
    )
    options = {"SL101": {"inherit-through-foreign-keys": True}}
    assert lint(tmp_path, [(SQL, text)], ["SL101"], options=options)[0] == []
