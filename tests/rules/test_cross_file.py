"""Rules on real multi-file SQL histories: the cross-file cases of the foundation issue."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

CREATE = """\
CREATE TABLE submissions (
  id uuid PRIMARY KEY,
  challenge_id uuid NOT NULL REFERENCES challenges (id),
  status text
);
"""
FK_MESSAGE = "Foreign key `challenge_id` on `submissions` (referencing `challenges`) has no index"


def test_index_created_in_a_later_migration_covers_the_fk(tmp_path: Path) -> None:
    later = "CREATE INDEX submissions_challenge_idx ON submissions (challenge_id);\n"
    files = [("m/0001.sql", CREATE), ("m/0002.sql", later)]
    assert lint(tmp_path, files, ["SL201"])[0] == []


def test_index_dropped_later_uncovers_the_fk_at_the_drop(tmp_path: Path) -> None:
    files = [
        ("m/0001.sql", CREATE),
        ("m/0002.sql", "CREATE INDEX submissions_challenge_idx ON submissions (challenge_id);\n"),
        ("m/0003.sql", "DROP INDEX submissions_challenge_idx;\n"),
    ]
    assert lint(tmp_path, files, ["SL201"])[0] == [("SL201", "m/0003.sql", 1, 1, FK_MESSAGE)]


def test_fk_leading_a_composite_primary_key_is_covered(tmp_path: Path) -> None:
    sql = (
        "CREATE TABLE workspace_members (\n"
        "  workspace_id uuid NOT NULL REFERENCES workspaces (id),\n"
        "  user_id uuid NOT NULL,\n"
        "  PRIMARY KEY (workspace_id, user_id)\n"
        ");\n"
    )
    assert lint(tmp_path, [("m/0001.sql", sql)], ["SL201"])[0] == []


def test_fk_leading_an_exclusion_constraint_is_covered(tmp_path: Path) -> None:
    sql = (
        "CREATE TABLE schedules (\n"
        "  id uuid PRIMARY KEY,\n"
        "  project_id uuid NOT NULL REFERENCES projects (id),\n"
        "  during tstzrange NOT NULL,\n"
        "  EXCLUDE USING gist (project_id WITH =, during WITH &&)\n"
        ");\n"
    )
    assert lint(tmp_path, [("m/0001.sql", sql)], ["SL201"])[0] == []


def test_rls_enabled_in_a_later_file_counts(tmp_path: Path) -> None:
    files = [
        ("m/0001.sql", CREATE),
        ("m/0002.sql", "ALTER TABLE submissions ENABLE ROW LEVEL SECURITY;\n"),
    ]
    exposed = {"SL102": {"exposed-schemas": ["public"]}}
    assert lint(tmp_path, files, ["SL102"], options=exposed)[0] == []
    assert lint(tmp_path, files[:1], ["SL102"], options=exposed)[0] == [
        (
            "SL102", "m/0001.sql", 1, 14,
            "Table `submissions` is in the exposed schema `public` without row level security",
        )
    ]  # fmt: skip


def test_tables_in_non_exposed_schemas_are_not_asked_for_rls(tmp_path: Path) -> None:
    sql = "CREATE SCHEMA private;\nCREATE TABLE private.scores (id uuid PRIMARY KEY);\n"
    assert lint(tmp_path, [("m/0001.sql", sql)], ["SL102"])[0] == []


def test_column_backfilled_earlier_in_the_same_file_may_be_set_not_null(tmp_path: Path) -> None:
    second = (
        "UPDATE submissions SET status = 'new' WHERE status IS NULL;\n"
        "ALTER TABLE submissions ALTER COLUMN status SET NOT NULL;\n"
    )
    files = [("m/0001.sql", CREATE), ("m/0002.sql", second)]
    assert lint(tmp_path, files, ["SL301"])[0] == []
    unfilled = [("m/0001.sql", CREATE), ("m/0002.sql", second.split("\n", 1)[1])]
    assert lint(tmp_path, unfilled, ["SL301"])[0] == [
        (
            "SL301", "m/0002.sql", 1, 38,
            "Column `submissions.status` is set NOT NULL without a backfill earlier in this "
            "migration",
        )
    ]  # fmt: skip


def test_add_column_not_null_on_a_table_created_in_the_same_file_is_fine(tmp_path: Path) -> None:
    sql = CREATE + "ALTER TABLE submissions ADD COLUMN score integer NOT NULL;\n"
    assert lint(tmp_path, [("m/0001.sql", sql)], ["SL301"])[0] == []
    files = [("m/0001.sql", CREATE), ("m/0002.sql", sql.split(";\n", 1)[1])]
    assert lint(tmp_path, files, ["SL301"])[0] == [
        (
            "SL301", "m/0002.sql", 1, 36,
            "Column `score` is added to `submissions` as NOT NULL without a default",
        )
    ]  # fmt: skip


def test_delete_inside_a_plpgsql_function_is_found(tmp_path: Path) -> None:
    sql = CREATE + (
        "CREATE FUNCTION purge(target uuid) RETURNS void LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  DELETE FROM submissions WHERE challenge_id = target;\n"
        "END;\n"
        "$$;\n"
    )
    assert lint(tmp_path, [("m/0001.sql", sql)], ["SL401"])[0] == [
        (
            "SL401", "m/0001.sql", 8, 3,
            "`DELETE` hard-deletes rows of `submissions` inside a function or DO block",
        )
    ]  # fmt: skip


def test_only_target_files_are_reported_while_history_gives_context(tmp_path: Path) -> None:
    files = [("m/0001.sql", CREATE), ("m/0002.sql", "DELETE FROM submissions;\n")]
    found, _ = lint(tmp_path, files, ["SL201", "SL401"], targets=["m/0002.sql"])
    assert found == [("SL401", "m/0002.sql", 1, 1, "`DELETE` hard-deletes rows of `submissions`")]


def test_sl201_fix_reparses_and_clears_the_finding(tmp_path: Path) -> None:
    from tests.rules.helpers import apply_fix_to_files

    _, findings = lint(tmp_path, [("m/0001.sql", CREATE)], ["SL201"])
    fix = findings[0].fix
    assert fix is not None
    after = apply_fix_to_files([("m/0001.sql", CREATE)], fix)
    assert after[0] == ("m/0001.sql", CREATE)
    assert after[1][0] == "m/0002_index_submissions_challenge_id_idx.sql"
    assert after[1][1].endswith(
        "\nCREATE INDEX CONCURRENTLY submissions_challenge_id_idx ON submissions (challenge_id);\n"
    )
    assert lint(tmp_path, after, ["SL001", "SL201"])[0] == []


# `companies` is a tenant root only through the key (not by its name, as `organizations` is).
TENANTS = """\
CREATE TABLE companies (id uuid PRIMARY KEY);
CREATE TABLE workspaces (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES companies (id)
);
"""


def test_a_table_that_stops_being_a_tenant_root_is_reported_where_it_stops(
    tmp_path: Path,
) -> None:
    # companies needed no tenant column while workspaces.organization_id referenced it.
    files = [
        ("m/0001.sql", TENANTS),
        ("m/0002.sql", "ALTER TABLE workspaces DROP CONSTRAINT workspaces_organization_id_fkey;\n"),
    ]
    message = "Table `companies` has no tenant column (`organization_id` or `workspace_id`)"
    assert lint(tmp_path, files, ["SL101"])[0] == [("SL101", "m/0002.sql", 1, 1, message)]


def test_dropping_the_referencing_table_ends_the_root_there_too(tmp_path: Path) -> None:
    files = [("m/0001.sql", TENANTS), ("m/0002.sql", "\n\nDROP TABLE workspaces;\n")]
    message = "Table `companies` has no tenant column (`organization_id` or `workspace_id`)"
    assert lint(tmp_path, files, ["SL101"])[0] == [("SL101", "m/0002.sql", 3, 1, message)]


def test_dropping_a_foreign_key_from_another_column_leaves_the_finding_at_the_definition(
    tmp_path: Path,
) -> None:
    files = [
        (
            "m/0001.sql",
            "CREATE TABLE countries (id int PRIMARY KEY);\n"
            "CREATE TABLE offices (id int PRIMARY KEY, organization_id uuid,"
            " country_id int REFERENCES countries (id));\n",
        ),
        ("m/0002.sql", "ALTER TABLE offices DROP COLUMN country_id;\n"),
    ]
    message = "Table `countries` has no tenant column (`organization_id` or `workspace_id`)"
    assert lint(tmp_path, files, ["SL101"])[0] == [("SL101", "m/0001.sql", 1, 14, message)]
