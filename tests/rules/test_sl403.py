"""SL403 unique-ignores-soft-delete."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

SQL = "migrations/001_init.sql"
PRISMA = "prisma/schema.prisma"
WHY = (
    "A row with `deleted_at` set still holds its value: creating it again (a slug, a name, a "
    "membership) fails although the old row is gone for the user. "
)


def test_unique_constraint_on_a_soft_delete_table_is_reported(tmp_path: Path) -> None:
    text = (
        "CREATE TABLE tags (\n"
        "  id uuid PRIMARY KEY,\n"
        "  name text NOT NULL,\n"
        "  deleted_at timestamptz,\n"
        "  CONSTRAINT tags_name_key UNIQUE (name)\n"
        ");\n"
    )
    seen, found = lint(tmp_path, [(SQL, text)], ["SL403"])
    assert seen == [
        (
            "SL403", SQL, 5, 3,
            "Unique constraint `tags_name_key` on `tags` (`name`) also counts soft-deleted rows",
        )
    ]  # fmt: skip
    assert found[0].help == WHY + (
        "Replace it: `ALTER TABLE tags DROP CONSTRAINT tags_name_key` and `CREATE UNIQUE INDEX "
        "tags_name_key ON tags (name) WHERE deleted_at IS NULL`."
    )


def test_partial_index_without_the_soft_delete_predicate_is_reported(tmp_path: Path) -> None:
    text = (
        "CREATE TABLE tags (id uuid PRIMARY KEY, name text, deleted_at timestamptz);\n"
        "CREATE UNIQUE INDEX tags_name ON tags (name) WHERE name IS NOT NULL;\n"
        "CREATE UNIQUE INDEX tags_live_name ON tags (lower(name)) WHERE deleted_at IS NULL;\n"
    )
    seen, found = lint(tmp_path, [(SQL, text)], ["SL403"])
    assert seen == [
        (
            "SL403", SQL, 2, 1,
            "Unique index `tags_name` on `tags` (`name`) also counts soft-deleted rows",
        )
    ]  # fmt: skip
    assert found[0].help == WHY + (
        "Add `deleted_at IS NULL` to its predicate: `DROP INDEX tags_name`, then `CREATE UNIQUE "
        "INDEX tags_name ON tags (name) WHERE <its condition> AND deleted_at IS NULL`."
    )


def test_key_that_is_the_only_index_of_a_foreign_key_gets_a_plain_index_too(
    tmp_path: Path,
) -> None:
    text = (
        "CREATE TABLE workspaces (id uuid PRIMARY KEY);\n"
        "CREATE TABLE members (\n"
        "  id uuid PRIMARY KEY,\n"
        "  workspace_id uuid NOT NULL REFERENCES workspaces (id),\n"
        "  user_id uuid NOT NULL,\n"
        "  deleted_at timestamptz,\n"
        "  UNIQUE (workspace_id, user_id)\n"
        ");\n"
    )
    seen, found = lint(tmp_path, [(SQL, text)], ["SL403"])
    assert seen == [
        (
            "SL403", SQL, 7, 3,
            "Unique constraint `members_workspace_id_user_id_key` on `members` (`workspace_id` "
            "and `user_id`) also counts soft-deleted rows",
        )
    ]  # fmt: skip
    assert found[0].help.endswith(
        "WHERE deleted_at IS NULL`. It is also the index of the foreign key `workspace_id`: "
        "keep one with `CREATE INDEX members_workspace_id_idx ON members (workspace_id)` (a "
        "partial index does not serve it)."
    )
    # Following the help leaves no SL201 and no SL403.
    fixed = text.replace("  UNIQUE (workspace_id, user_id)\n", "  code text\n") + (
        "CREATE UNIQUE INDEX members_workspace_id_user_id_key ON members (workspace_id, user_id)"
        " WHERE deleted_at IS NULL;\n"
        "CREATE INDEX members_workspace_id_idx ON members (workspace_id);\n"
    )
    assert lint(tmp_path, [(SQL, fixed)], ["SL403", "SL201"])[0] == []


def test_keys_a_foreign_key_references_and_tables_without_soft_delete_are_fine(
    tmp_path: Path,
) -> None:
    text = (
        "CREATE TABLE accounts (id uuid PRIMARY KEY, handle text UNIQUE, deleted_at timestamptz);\n"
        "CREATE TABLE posts (id uuid PRIMARY KEY, author text REFERENCES accounts (handle));\n"
        "CREATE TABLE tags (id uuid PRIMARY KEY, name text UNIQUE);\n"
        "CREATE TABLE invoices (id uuid PRIMARY KEY, number text UNIQUE, deleted_at timestamptz);\n"
    )
    options = {"SL403": {"exempt": ["invoices"]}}
    assert lint(tmp_path, [(SQL, text)], ["SL403"], options=options)[0] == []


def test_prisma_unique_on_a_soft_delete_model_is_reported(tmp_path: Path) -> None:
    schema = (
        'datasource db {\n  provider = "postgresql"\n}\n\n'
        "model Project {\n"
        "  id          String    @id\n"
        "  workspaceId String\n"
        "  slug        String\n"
        "  deletedAt   DateTime?\n\n"
        "  @@unique([workspaceId, slug])\n"
        "}\n"
    )
    seen, found = lint(tmp_path, [(PRISMA, schema)], ["SL403"], prisma=True)
    assert seen == [
        (
            "SL403", PRISMA, 11, 3,
            "Unique index `Project_workspaceId_slug_key` on `Project` (`workspaceId` and `slug`) "
            "also counts soft-deleted rows",
        )
    ]  # fmt: skip
    assert found[0].help == (
        "A row with `deletedAt` set still holds its value: creating it again (a slug, a name, a "
        "membership) fails although the old row is gone for the user. Make it "
        '`@@unique([workspaceId, slug], where: raw("\\"deletedAt\\" IS NULL"))` (the '
        "`partialIndexes` preview feature), or create that partial index in a migration."
    )
