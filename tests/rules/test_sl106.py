"""SL106 tenant-column-without-foreign-key, and how tenant roots are found."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

SQL = "migrations/001_init.sql"
PRISMA = "prisma/schema.prisma"
WHY = (
    "Without a foreign key any value is accepted: a typo'd or stale tenant id puts the row in "
    "no tenant at all (or in someone else's), and deleting a tenant leaves its rows behind. "
)
TENANTS = (
    "CREATE TABLE organizations (id uuid PRIMARY KEY);\n"
    "CREATE TABLE workspaces (\n"
    "  id uuid PRIMARY KEY,\n"
    "  organization_id uuid NOT NULL REFERENCES organizations (id)\n"
    ");\n"
)


def test_tenant_column_without_foreign_key_is_reported_with_the_inferred_root(
    tmp_path: Path,
) -> None:
    text = TENANTS + "CREATE TABLE invoices (\n  id uuid PRIMARY KEY,\n  organization_id uuid\n);\n"
    seen, found = lint(tmp_path, [(SQL, text)], ["SL106"])
    assert seen == [
        (
            "SL106", SQL, 8, 3,
            "Tenant column `organization_id` of `invoices` has no foreign key to `organizations`",
        )
    ]  # fmt: skip
    assert found[0].help == WHY + (
        "Add it: `ALTER TABLE invoices ADD CONSTRAINT invoices_organization_id_fkey FOREIGN KEY "
        "(organization_id) REFERENCES organizations (id)`."
    )


def test_without_any_foreign_key_the_root_is_the_table_named_after_the_column(
    tmp_path: Path,
) -> None:
    text = (
        "CREATE TABLE workspaces (key uuid PRIMARY KEY);\n"
        "CREATE TABLE projects (id uuid PRIMARY KEY, workspace_id uuid NOT NULL);\n"
    )
    seen, found = lint(tmp_path, [(SQL, text)], ["SL106", "SL101"])
    # workspaces is a root: exempt from SL101; projects gets SL106, not SL101.
    assert seen == [
        (
            "SL106", SQL, 2, 45,
            "Tenant column `workspace_id` of `projects` has no foreign key to `workspaces`",
        )
    ]  # fmt: skip
    assert found[0].help.endswith("REFERENCES workspaces (key)`.")


def test_no_root_at_all_is_named_as_its_tenant_table(tmp_path: Path) -> None:
    text = "CREATE TABLE projects (id uuid PRIMARY KEY, workspace_id uuid NOT NULL);\n"
    seen, found = lint(tmp_path, [(SQL, text)], ["SL106"])
    assert seen == [
        (
            "SL106", SQL, 1, 45,
            "Tenant column `workspace_id` of `projects` has no foreign key to its tenant table",
        )
    ]  # fmt: skip
    assert found[0].help.endswith("REFERENCES <tenant table> (id)`.")


def test_configured_roots_must_be_the_ones_referenced(tmp_path: Path) -> None:
    text = (
        "CREATE TABLE accounts (id uuid PRIMARY KEY);\n"
        "CREATE TABLE teams (id uuid PRIMARY KEY);\n"
        "CREATE TABLE projects (\n"
        "  id uuid PRIMARY KEY,\n"
        "  workspace_id uuid NOT NULL REFERENCES teams (id)\n"
        ");\n"
    )
    project = {"tenant_roots": ("accounts",)}
    seen, _ = lint(tmp_path, [(SQL, text)], ["SL106"], project=project)
    assert seen == [
        (
            "SL106", SQL, 5, 3,
            "Tenant column `workspace_id` of `projects` has no foreign key to `accounts`",
        )
    ]  # fmt: skip
    assert lint(tmp_path, [(SQL, text)], ["SL106"], project={"tenant_roots": ("teams",)})[0] == []


def test_columns_with_a_foreign_key_to_their_root_are_not_reported(tmp_path: Path) -> None:
    text = TENANTS + (
        "CREATE TABLE projects (\n"
        "  id uuid PRIMARY KEY,\n"
        "  workspace_id uuid NOT NULL,\n"
        "  CONSTRAINT projects_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (id)\n"
        ");\n"
        "CREATE TABLE legacy (id uuid PRIMARY KEY, workspace_id uuid NOT NULL);\n"
    )
    text += (
        "CREATE TABLE tasks (\n"
        "  id uuid PRIMARY KEY,\n"
        "  workspace_id uuid NOT NULL,\n"
        "  project_id uuid NOT NULL,\n"
        "  FOREIGN KEY (workspace_id, project_id) REFERENCES projects (workspace_id, id)\n"
        ");\n"
    )
    options = {"SL106": {"exempt": ["public.legacy"]}}
    assert lint(tmp_path, [(SQL, text)], ["SL106"], options=options)[0] == []


def test_prisma_field_without_relation_gets_the_relation_to_add(tmp_path: Path) -> None:
    schema = (
        'datasource db {\n  provider = "postgresql"\n}\n\n'
        'model Organization {\n  id String @id\n\n  @@map("organizations")\n}\n\n'
        "model Invoice {\n"
        "  id             String @id\n"
        '  organizationId String @map("organization_id")\n'
        "}\n"
    )
    seen, found = lint(tmp_path, [(PRISMA, schema)], ["SL106"], prisma=True)
    assert seen == [
        (
            "SL106", PRISMA, 13, 3,
            "Tenant column `organization_id` of `Invoice` has no foreign key to `organizations`",
        )
    ]  # fmt: skip
    assert found[0].help == WHY + (
        "Add the relation `organization Organization @relation(fields: [organizationId], "
        "references: [id])` to the model."
    )


def test_sqlite_help_rebuilds_the_table_with_the_key(tmp_path: Path) -> None:
    text = (
        'CREATE TABLE "workspaces" ("id" TEXT PRIMARY KEY);\n'
        'CREATE TABLE "projects" ("id" TEXT PRIMARY KEY, "workspace_id" TEXT NOT NULL);\n'
    )
    _, found = lint(tmp_path, [(SQL, text)], ["SL106"], project={"dialect": "sqlite"})
    assert found[0].help == WHY + (
        "SQLite cannot add one to an existing table: rebuild the table with "
        "`FOREIGN KEY (workspace_id) REFERENCES workspaces (id)` in its definition."
    )
