"""SL402 missing-soft-delete-column."""

from __future__ import annotations

from schemalint.rules.sl402_missing_soft_delete_column import MissingSoftDeleteColumn
from tests.rules.catalogs import PATH, SOURCE, SUB_STATEMENT, catalog, column, renamed, table
from tests.rules.helpers import check_catalog

SEEN = ("SL402", PATH, 6, 14, "Tenant-scoped table `submissions` has no `deleted_at` column")
WHY = (
    "Tenant data is soft-deleted: rows get a deletion timestamp instead of disappearing, so "
    "they can be restored and audited. "
)


def test_tenant_table_without_soft_delete_column_is_reported_at_its_name() -> None:
    tenant = table("submissions", SUB_STATEMENT, column("workspace_id"))
    found = check_catalog(MissingSoftDeleteColumn, catalog(tenant), SOURCE)
    assert found == [
        (SEEN, WHY + "Add a nullable `deleted_at timestamptz` column to the table.", None)
    ]


def test_prisma_help_names_the_field_to_add() -> None:
    tenant = table("submissions", SUB_STATEMENT, column("workspace_id"), origin="prisma")
    found = check_catalog(MissingSoftDeleteColumn, catalog(tenant), SOURCE)
    assert found == [
        (SEEN, WHY + 'Add the field `deletedAt DateTime? @map("deleted_at")` to the model.', None)
    ]


def test_camel_case_soft_delete_column_counts() -> None:
    deleted = renamed(column("id", 3), "deletedAt")
    tenant = table("submissions", SUB_STATEMENT, column("workspace_id"), deleted)
    assert check_catalog(MissingSoftDeleteColumn, catalog(tenant), SOURCE) == []


def test_tables_without_tenant_column_and_exempt_tables_are_not_reported() -> None:
    global_table = table("submissions", SUB_STATEMENT, column("challenge_id"))
    assert check_catalog(MissingSoftDeleteColumn, catalog(global_table), SOURCE) == []
    tenant = table("submissions", SUB_STATEMENT, column("workspace_id"))
    exempt = {"exempt": ["submissions"]}
    assert check_catalog(MissingSoftDeleteColumn, catalog(tenant), SOURCE, options=exempt) == []


def test_column_option_overrides_the_project_setting() -> None:
    archived = renamed(column("id", 3), "archived_at")
    tenant = table("submissions", SUB_STATEMENT, column("workspace_id"), archived)
    options = {"column": "archived_at"}
    assert check_catalog(MissingSoftDeleteColumn, catalog(tenant), SOURCE, options=options) == []
