"""SL508 breaking-change."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

TABLES = (
    "m/0001_projects.sql",
    "CREATE TABLE projects (id bigint PRIMARY KEY, title text, legacy text);\n"
    "CREATE TABLE notes (id bigint PRIMARY KEY);\n",
)
PATH = "m/0002_change.sql"


def test_drops_and_renames_of_existing_objects_are_reported(tmp_path: Path) -> None:
    text = (
        "ALTER TABLE projects DROP COLUMN legacy;\n"
        "ALTER TABLE projects RENAME COLUMN title TO name;\n"
        "DROP TABLE IF EXISTS missing, notes;\n"
        "ALTER TABLE projects RENAME TO boards;\n"
    )
    seen, found = lint(tmp_path, [TABLES, (PATH, text)], ["SL508"])
    assert seen == [
        ("SL508", PATH, 1, 34, "Column `projects.legacy` is dropped while running code may "
         "still use it"),
        ("SL508", PATH, 2, 36, "Column `projects.title` is renamed to `name` while running "
         "code still uses the old name"),
        ("SL508", PATH, 3, 31, "Table `notes` is dropped while running code may still use it"),
        ("SL508", PATH, 4, 13, "Table `projects` is renamed to `boards` while running code "
         "still uses the old name"),
    ]  # fmt: skip
    assert found[0].help == (
        "The application version that is running while the migration deploys (and any other "
        "service reading this database) still uses the old name: its queries fail from the "
        "moment the migration commits until every instance runs the new code. Expand and "
        "contract: first deploy code that no longer reads or writes it, then drop it in a "
        "later migration."
    )
    assert found[1].help.endswith(
        "add the new column beside the old one (or a view under the old name), deploy code "
        "that uses the new name, and drop the old one in a later migration."
    )


def test_objects_made_by_the_same_deploy_are_not_reported(tmp_path: Path) -> None:
    text = (
        "ALTER TABLE projects ADD COLUMN scratch text;\n"
        "ALTER TABLE projects RENAME COLUMN scratch TO draft;\n"
        "ALTER TABLE projects DROP COLUMN draft;\n"
        "CREATE TABLE drafts (id bigint, body text);\n"
        "ALTER TABLE drafts RENAME COLUMN body TO content;\n"
        "ALTER TABLE drafts RENAME TO sketches;\n"
        "DROP TABLE sketches;\n"
        "ALTER TABLE projects DROP COLUMN IF EXISTS nothing;\n"
    )
    seen, _ = lint(tmp_path, [TABLES, (PATH, text)], ["SL508"])
    assert seen == []


def test_a_one_transaction_batch_makes_earlier_pending_files_new(tmp_path: Path) -> None:
    files = [
        TABLES,
        ("drizzle/0000_a.sql", "CREATE TABLE drafts (id bigint, body text);\n"),
        ("drizzle/0001_b.sql", "ALTER TABLE drafts DROP COLUMN body;\n"),
    ]
    # Both files pending: drizzle runs them in one transaction, the column was never seen.
    pending = ["drizzle/0000_a.sql", "drizzle/0001_b.sql"]
    seen, _ = lint(tmp_path, files, ["SL508"], layout="drizzle", targets=pending)
    assert seen == []
    seen, _ = lint(tmp_path, files, ["SL508"], layout="goose")
    assert seen == [
        ("SL508", "drizzle/0001_b.sql", 1, 32,
         "Column `drafts.body` is dropped while running code may still use it"),
    ]  # fmt: skip


def test_views_and_schema_moves_of_existing_objects_are_reported(tmp_path: Path) -> None:
    views = (
        "m/0002_views.sql",
        "CREATE VIEW open_projects AS SELECT id, title FROM projects;\n"
        "CREATE MATERIALIZED VIEW project_titles AS SELECT title FROM projects;\n"
        "CREATE VIEW old_notes AS SELECT id FROM notes;\n",
    )
    text = (
        "ALTER TABLE notes SET SCHEMA archive;\n"
        "ALTER VIEW open_projects RENAME TO active_projects;\n"
        "DROP MATERIALIZED VIEW IF EXISTS missing, project_titles;\n"
        "ALTER VIEW old_notes SET SCHEMA archive;\n"
    )
    path = "m/0003_change.sql"
    files = [TABLES, views, ("m/0003_change.sql", "CREATE SCHEMA archive;\n" + text)]
    seen, found = lint(tmp_path, files, ["SL508"])
    assert seen == [
        ("SL508", path, 2, 13, "Table `notes` is moved to schema `archive` while running code "
         "still uses the old name"),
        ("SL508", path, 3, 12, "View `open_projects` is renamed to `active_projects` while "
         "running code still uses the old name"),
        ("SL508", path, 4, 43, "Materialized view `project_titles` is dropped while running "
         "code may still use it"),
        ("SL508", path, 5, 12, "View `old_notes` is moved to schema `archive` while running "
         "code still uses the old name"),
    ]  # fmt: skip
    assert found[1].help.endswith(
        "Expand and contract: create the view under its new name beside the old one, deploy "
        "code that uses the new name, and drop the old one in a later migration."
    )


def test_views_made_by_the_same_migration_are_not_reported(tmp_path: Path) -> None:
    text = (
        "CREATE VIEW scratch AS SELECT id FROM projects;\n"
        "ALTER VIEW scratch RENAME TO draft;\n"
        "DROP VIEW draft;\n"
        "CREATE TABLE staging (id bigint PRIMARY KEY);\n"
        "ALTER TABLE staging SET SCHEMA public;\n"
    )
    seen, _ = lint(tmp_path, [TABLES, (PATH, text)], ["SL508"])
    assert seen == []
