"""SL105 nullable-tenant-column."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

SQL = "migrations/001_init.sql"
PRISMA = "prisma/schema.prisma"
WHY = (
    "A row without a tenant belongs to no tenant, or to every tenant, depending on how each "
    "policy and query compares the column: it either disappears or leaks. "
)


def test_nullable_tenant_column_is_reported_at_its_definition(tmp_path: Path) -> None:
    text = (
        "CREATE TABLE workspaces (id uuid PRIMARY KEY);\n"
        "CREATE TABLE app.challenges (\n"
        "  id uuid PRIMARY KEY,\n"
        "  organization_id uuid NOT NULL,\n"
        "  workspace_id uuid REFERENCES workspaces (id)\n"
        ");\n"
    )
    seen, found = lint(tmp_path, [(SQL, "CREATE SCHEMA app;\n" + text)], ["SL105"])
    assert seen == [
        ("SL105", SQL, 6, 3, "Tenant column `workspace_id` of `app.challenges` is nullable")
    ]
    assert found[0].help == WHY + (
        "Give the rows without one their tenant, then "
        "`ALTER TABLE app.challenges ALTER COLUMN workspace_id SET NOT NULL`."
    )


def test_each_nullable_tenant_column_is_one_finding(tmp_path: Path) -> None:
    text = "CREATE TABLE t (id int PRIMARY KEY, organization_id uuid, workspace_id uuid);\n"
    seen, _ = lint(tmp_path, [(SQL, text)], ["SL105"])
    assert seen == [
        ("SL105", SQL, 1, 37, "Tenant column `organization_id` of `t` is nullable"),
        ("SL105", SQL, 1, 59, "Tenant column `workspace_id` of `t` is nullable"),
    ]


def test_column_made_nullable_in_a_later_migration_is_reported(tmp_path: Path) -> None:
    files = [
        (SQL, "CREATE TABLE t (\n  id int PRIMARY KEY,\n  workspace_id uuid NOT NULL\n);\n"),
        ("migrations/002_loosen.sql", "ALTER TABLE t ALTER COLUMN workspace_id DROP NOT NULL;\n"),
    ]
    seen, found = lint(tmp_path, files, ["SL105"])
    # At the DROP NOT NULL that made it nullable; the column's definition is related.
    assert seen == [
        (
            "SL105", "migrations/002_loosen.sql", 1, 1,
            "Tenant column `workspace_id` of `t` is nullable",
        )
    ]  # fmt: skip
    assert [(r.span.path, r.message) for r in found[0].related] == [(SQL, "defined here")]


def test_not_null_tenant_columns_and_exempt_tables_are_not_reported(tmp_path: Path) -> None:
    files = [
        (SQL, "CREATE TABLE t (id int, workspace_id uuid);\n"),
        ("migrations/002_backfill.sql", "ALTER TABLE t ALTER COLUMN workspace_id SET NOT NULL;\n"),
        ("migrations/003_shared.sql", "CREATE TABLE shared (id int, workspace_id uuid);\n"),
    ]
    assert lint(tmp_path, files, ["SL105"], options={"SL105": {"exempt": ["shared"]}})[0] == []


def test_optional_prisma_tenant_field_is_reported_at_the_field(tmp_path: Path) -> None:
    schema = (
        'datasource db {\n  provider = "postgresql"\n}\n\n'
        "model Challenge {\n"
        "  id          String  @id\n"
        "  workspaceId String?\n"
        '  orgId       String? @map("organization_id")\n'
        "}\n"
    )
    seen, found = lint(tmp_path, [(PRISMA, schema)], ["SL105"], prisma=True)
    assert seen == [
        ("SL105", PRISMA, 7, 3, "Tenant column `workspaceId` of `Challenge` is nullable"),
        ("SL105", PRISMA, 8, 3, "Tenant column `organization_id` of `Challenge` is nullable"),
    ]
    assert [f.help for f in found] == [
        WHY
        + "Make the field `workspaceId` required (drop the `?` after its type, and after its relation field's type).",
        WHY
        + "Make the field `orgId` required (drop the `?` after its type, and after its relation field's type).",
    ]


def test_mysql_and_sqlite_help_use_their_own_way_to_make_a_column_not_null(
    tmp_path: Path,
) -> None:
    text = "CREATE TABLE `t` (`id` INT PRIMARY KEY, `workspace_id` CHAR(36));\n"
    _, found = lint(tmp_path, [(SQL, text)], ["SL105"], project={"dialect": "mysql"})
    assert found[0].help == WHY + (
        "Give the rows without one their tenant, then "
        "`` ALTER TABLE `t` MODIFY `workspace_id` char(36) NOT NULL ``."
    )
    text = 'CREATE TABLE "t" ("id" INTEGER PRIMARY KEY, "workspace_id" TEXT);\n'
    _, found = lint(tmp_path, [(SQL, text)], ["SL105"], project={"dialect": "sqlite"})
    assert found[0].help == WHY + (
        "Give the rows without one their tenant, then rebuild the table with the column NOT "
        "NULL (SQLite cannot alter a column)."
    )


def test_drop_not_null_in_a_new_migration_is_reported_there(tmp_path: Path) -> None:
    files = [
        (SQL, "CREATE TABLE t (\n  id int PRIMARY KEY,\n  workspace_id uuid NOT NULL\n);\n"),
        ("migrations/002_loosen.sql", "ALTER TABLE t ALTER COLUMN workspace_id DROP NOT NULL;\n"),
    ]
    seen, _ = lint(tmp_path, files, ["SL105"], targets=["migrations/002_loosen.sql"])
    assert seen == [
        (
            "SL105", "migrations/002_loosen.sql", 1, 1,
            "Tenant column `workspace_id` of `t` is nullable",
        )
    ]  # fmt: skip
