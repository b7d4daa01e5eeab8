"""SL701 missing-audit-trigger."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from schemalint.cli import main
from tests.rules.helpers import lint

SQL = "migrations/001_init.sql"
AUDIT = {"SL701": {"audit-functions": ["audit.log_change"]}}
TABLES = (
    "CREATE SCHEMA audit;\n"
    "CREATE FUNCTION audit.log_change() RETURNS trigger LANGUAGE plpgsql\n"
    "  AS $$ BEGIN RETURN NULL; END $$;\n"
    "CREATE TABLE invoices (id uuid PRIMARY KEY, organization_id uuid NOT NULL);\n"
    "CREATE TABLE projects (id uuid PRIMARY KEY, workspace_id uuid NOT NULL);\n"
    "CREATE TABLE countries (code text PRIMARY KEY);\n"
)


def test_tenant_table_without_audit_trigger_is_reported_at_its_name(tmp_path: Path) -> None:
    text = TABLES + (
        "CREATE TRIGGER projects_audit AFTER UPDATE ON projects\n"
        "  FOR EACH ROW EXECUTE FUNCTION log_change();\n"
    )
    seen, found = lint(tmp_path, [(SQL, text)], ["SL701"], options=AUDIT)
    assert seen == [
        (
            "SL701", SQL, 4, 14,
            "Tenant-scoped table `invoices` has no trigger calling `audit.log_change`",
        )
    ]  # fmt: skip
    assert found[0].help == (
        "Changes to tenant data must leave an audit trail: who changed which row, when, from "
        "what to what. Without the trigger, changes to this table are not recorded. Add "
        "`CREATE TRIGGER invoices_audit AFTER INSERT OR UPDATE OR DELETE ON invoices FOR EACH "
        "ROW EXECUTE FUNCTION audit.log_change()`."
    )


def test_dropped_trigger_and_trigger_of_another_function_do_not_count(tmp_path: Path) -> None:
    files = [
        (
            SQL,
            TABLES + "CREATE TRIGGER a AFTER INSERT ON invoices FOR EACH ROW"
            " EXECUTE FUNCTION audit.log_change();\n"
            "CREATE TRIGGER b AFTER INSERT ON projects FOR EACH ROW"
            " EXECUTE FUNCTION other.log_change();\n",
        ),
        ("migrations/002_import.sql", "DROP TRIGGER a ON invoices;\n"),
    ]
    seen, _ = lint(tmp_path, files, ["SL701"], options=AUDIT)
    # invoices lost its audit trigger in 002 (reported there); projects never had one.
    assert [(path, line, message.split("`")[1]) for _, path, line, _, message in seen] == [
        (SQL, 5, "projects"),
        ("migrations/002_import.sql", 1, "invoices"),
    ]


def test_trigger_follows_a_renamed_table_and_exempt_tables_are_skipped(tmp_path: Path) -> None:
    text = TABLES + (
        "CREATE TRIGGER a AFTER INSERT ON invoices FOR EACH ROW"
        " EXECUTE FUNCTION audit.log_change();\n"
        "ALTER TABLE invoices RENAME TO bills;\n"
    )
    options = {"SL701": {"audit-functions": ["log_change"], "exempt": ["projects"]}}
    assert lint(tmp_path, [(SQL, text)], ["SL701"], options=options)[0] == []


def test_rule_is_off_until_configured_and_its_page_shows_how(tmp_path: Path) -> None:
    assert lint(tmp_path, [(SQL, TABLES)], ["SL701"])[0] == []
    result = CliRunner().invoke(main, ["rule", "SL701"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Off until configured" in result.output
    assert 'audit-functions = ["audit.log_change"]' in result.output


def test_drop_trigger_in_a_new_migration_is_reported_there(tmp_path: Path) -> None:
    files = [
        (
            SQL,
            TABLES + "CREATE TRIGGER a AFTER INSERT ON invoices FOR EACH ROW"
            " EXECUTE FUNCTION audit.log_change();\n",
        ),
        ("migrations/002_import.sql", "DROP TRIGGER a ON invoices;\n"),
    ]
    options = {"SL701": {"audit-functions": ["audit.log_change"], "exempt": ["projects"]}}
    seen, _ = lint(
        tmp_path, files, ["SL701"], options=options, targets=["migrations/002_import.sql"]
    )
    assert seen == [
        (
            "SL701", "migrations/002_import.sql", 1, 1,
            "Tenant-scoped table `invoices` has no trigger calling `audit.log_change`",
        )
    ]  # fmt: skip
