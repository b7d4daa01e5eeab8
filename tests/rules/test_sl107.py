"""SL107 unique-without-tenant-column."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

SQL = "migrations/001_init.sql"
PRISMA = "prisma/schema.prisma"
WHY = (
    "The key is unique across all tenants: a value one tenant uses (a slug, a name, an email) "
    "cannot be used by any other, and the error tells the second tenant that the first one "
    "has it. "
)
GLOBAL = " If the value is global by design (an external id), suppress the finding with a reason."


def test_unique_constraint_and_index_without_the_tenant_column_are_reported(
    tmp_path: Path,
) -> None:
    text = (
        "CREATE TABLE projects (\n"
        "  id uuid PRIMARY KEY,\n"
        "  workspace_id uuid NOT NULL,\n"
        "  slug text NOT NULL UNIQUE,\n"
        '  "Name" text NOT NULL\n'
        ");\n"
        'CREATE UNIQUE INDEX projects_name ON projects (lower("Name"));\n'
    )
    seen, found = lint(tmp_path, [(SQL, text)], ["SL107"])
    assert seen == [
        (
            "SL107", SQL, 4, 22,
            "Unique constraint `projects_slug_key` on `projects` (`slug`) does not include the "
            "tenant column `workspace_id`",
        ),
        (
            "SL107", SQL, 7, 1,
            "Unique index `projects_name` on `projects` (`Name`) does not include the tenant "
            "column `workspace_id`",
        ),
    ]  # fmt: skip
    assert [f.help for f in found] == [
        WHY + "Make the key `(workspace_id, slug)`." + GLOBAL,
        WHY + 'Make the key `(workspace_id, "Name")`.' + GLOBAL,
    ]


def test_keys_with_a_tenant_column_the_primary_key_or_a_tenant_scoped_parent_are_fine(
    tmp_path: Path,
) -> None:
    text = (
        "CREATE TABLE challenges (id uuid PRIMARY KEY, workspace_id uuid NOT NULL);\n"
        "CREATE TABLE entries (\n"
        "  id uuid PRIMARY KEY,\n"
        "  workspace_id uuid NOT NULL,\n"
        "  challenge_id uuid NOT NULL REFERENCES challenges (id),\n"
        "  user_id uuid NOT NULL,\n"
        "  code text NOT NULL,\n"
        "  UNIQUE (challenge_id, user_id),\n"
        "  UNIQUE (id, code),\n"
        "  UNIQUE (workspace_id, code)\n"
        ");\n"
        "CREATE TABLE countries (code text PRIMARY KEY, name text UNIQUE);\n"
    )
    assert lint(tmp_path, [(SQL, text)], ["SL107"])[0] == []


def test_prisma_unique_field_gets_the_compound_unique_to_write(tmp_path: Path) -> None:
    schema = (
        'datasource db {\n  provider = "postgresql"\n}\n\n'
        "model Member {\n"
        "  id             String @id\n"
        '  organizationId String @map("organization_id")\n'
        "  email          String @unique\n"
        "}\n"
    )
    seen, found = lint(tmp_path, [(PRISMA, schema)], ["SL107"], prisma=True)
    assert seen == [
        (
            "SL107", PRISMA, 8, 25,
            "Unique index `Member_email_key` on `Member` (`email`) does not include the tenant "
            "column `organization_id`",
        )
    ]  # fmt: skip
    assert found[0].help == WHY + "Make it `@@unique([organizationId, email])`." + GLOBAL


def test_unique_index_recreated_without_the_tenant_column_is_reported_at_the_new_index(
    tmp_path: Path,
) -> None:
    files = [
        (
            SQL,
            "CREATE TABLE projects (id uuid PRIMARY KEY, workspace_id uuid NOT NULL, slug text);\n"
            "CREATE UNIQUE INDEX projects_slug_key ON projects (workspace_id, slug);\n",
        ),
        (
            "migrations/002_global_slugs.sql",
            "DROP INDEX projects_slug_key;\n"
            "CREATE UNIQUE INDEX projects_slug_key ON projects (slug);\n",
        ),
    ]
    seen, _ = lint(tmp_path, files, ["SL107"])
    assert seen == [
        (
            "SL107", "migrations/002_global_slugs.sql", 2, 1,
            "Unique index `projects_slug_key` on `projects` (`slug`) does not include the tenant "
            "column `workspace_id`",
        )
    ]  # fmt: skip
    # Linting only the older migration reports nothing: the problem was made in the new one.
    assert lint(tmp_path, files, ["SL107"], targets=[SQL])[0] == []


def test_losing_the_foreign_key_that_fixed_the_tenant_is_reported_at_the_drop(
    tmp_path: Path,
) -> None:
    init = (
        "CREATE TABLE workspaces (id uuid PRIMARY KEY);\n"
        "CREATE TABLE challenges (id uuid PRIMARY KEY, workspace_id uuid NOT NULL REFERENCES "
        "workspaces (id));\n"
        "CREATE TABLE submissions (\n"
        "  id uuid PRIMARY KEY,\n"
        "  workspace_id uuid NOT NULL REFERENCES workspaces (id),\n"
        "  challenge_id uuid NOT NULL CONSTRAINT submissions_challenge_fkey REFERENCES "
        "challenges (id),\n"
        "  user_id uuid NOT NULL,\n"
        "  UNIQUE (challenge_id, user_id)\n"
        ");\n"
    )
    drop = "ALTER TABLE submissions DROP CONSTRAINT submissions_challenge_fkey;\n"
    files = [("m/001_init.sql", init), ("m/002_drop.sql", drop)]
    # A challenge belongs to one tenant: while the key holds its foreign key, it is silent.
    assert lint(tmp_path, files[:1], ["SL107"])[0] == []
    seen, found = lint(tmp_path, files, ["SL107"], targets=["m/002_drop.sql"])
    assert seen == [
        (
            "SL107", "m/002_drop.sql", 1, 1,
            "Unique constraint `submissions_challenge_id_user_id_key` on `submissions` "
            "(`challenge_id` and `user_id`) does not include the tenant column `workspace_id`",
        )
    ]  # fmt: skip
    [related] = found[0].related
    assert (related.span.path, init[related.span.start : related.span.end]) == (
        "m/001_init.sql",
        "UNIQUE (challenge_id, user_id)",
    )
    assert lint(tmp_path, files, ["SL107"], targets=["m/001_init.sql"])[0] == []
