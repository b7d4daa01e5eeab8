"""SL101 missing-tenant-column."""

from __future__ import annotations

from typing import Any

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
from tests.rules.helpers import Seen, check_catalog

from schemalint.catalog.model import Table
from schemalint.rules.base import Settings
from schemalint.rules.sl101_missing_tenant_column import MissingTenantColumn

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
    settings = Settings(tenant_columns=("tenant_id",))
    found = _found(ORGS, WORKSPACES, settings=settings, options={"columns": ["workspace_id"]})
    assert found == [
        ("SL101", PATH, 1, 14, "Table `organizations` has no tenant column (`workspace_id`)"),
        ("SL101", PATH, 2, 14, "Table `workspaces` has no tenant column (`workspace_id`)"),
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
