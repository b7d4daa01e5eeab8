"""SL108 policy-not-tenant-scoped."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

SQL = "migrations/001_init.sql"
TABLE = (
    "CREATE TABLE workspace_members (workspace_id uuid NOT NULL, user_id uuid NOT NULL);\n"
    "CREATE TABLE projects (\n"
    "  id uuid PRIMARY KEY,\n"
    "  workspace_id uuid NOT NULL,\n"
    "  owner_id uuid NOT NULL,\n"
    "  status text NOT NULL\n"
    ");\n"
    "ALTER TABLE projects ENABLE ROW LEVEL SECURITY;\n"
)
HELP = (
    "Permissive policies add up: this one lets a user reach the rows of every tenant it "
    "matches, whatever the other policies say. Compare the tenant column with the caller's "
    "tenants, e.g. `workspace_id IN (SELECT workspace_id FROM <memberships> WHERE user_id = "
    "auth.uid())`, or call a function that returns them and list it under this rule's "
    "`membership-functions` option."
)


def _seen(tmp_path: Path, policies: str, **kwargs: object) -> list[tuple[str, str, int, int, str]]:
    return lint(tmp_path, [(SQL, TABLE + policies)], ["SL108"], **kwargs)[0]  # type: ignore[arg-type]


def test_policy_reading_no_tenant_column_is_reported_at_its_create_policy(
    tmp_path: Path,
) -> None:
    policies = (
        "CREATE POLICY open_projects ON projects FOR SELECT TO authenticated\n"
        "  USING (status = 'open');\n"
        "CREATE POLICY add_projects ON projects FOR INSERT\n"
        "  WITH CHECK (auth.uid() IS NOT NULL);\n"
        "CREATE POLICY edit_projects ON projects FOR UPDATE\n"
        "  USING (true) WITH CHECK (status <> 'archived');\n"
    )
    seen, found = lint(tmp_path, [(SQL, TABLE + policies)], ["SL108"])
    assert seen == [
        (
            "SL108", SQL, 9, 1,
            "Policy `open_projects` on `projects` is not scoped by tenant: its USING reads no "
            "tenant column (`workspace_id`) and no membership function",
        ),
        (
            "SL108", SQL, 11, 1,
            "Policy `add_projects` on `projects` is not scoped by tenant: its WITH CHECK reads "
            "no tenant column (`workspace_id`) and no membership function",
        ),
        (
            "SL108", SQL, 13, 1,
            "Policy `edit_projects` on `projects` is not scoped by tenant: its USING and WITH "
            "CHECK read no tenant column (`workspace_id`) and no membership function",
        ),
    ]  # fmt: skip
    assert {f.help for f in found} == {HELP}


def test_policy_replaced_later_is_reported_at_the_replacement(tmp_path: Path) -> None:
    files = [
        (
            SQL,
            TABLE + "CREATE POLICY p ON projects USING (workspace_id IN (\n"
            "  SELECT workspace_id FROM workspace_members WHERE user_id = auth.uid()));\n",
        ),
        (
            "migrations/002_rework.sql",
            "DROP POLICY p ON projects;\nCREATE POLICY p ON projects USING (true);\n",
        ),
    ]
    seen, _ = lint(tmp_path, files, ["SL108"])
    assert seen == [
        (
            "SL108", "migrations/002_rework.sql", 2, 1,
            "Policy `p` on `projects` is not scoped by tenant: its USING reads no tenant column "
            "(`workspace_id`) and no membership function",
        )
    ]  # fmt: skip


def test_scoped_owner_restrictive_and_service_role_policies_are_not_reported(
    tmp_path: Path,
) -> None:
    policies = (
        "CREATE POLICY a ON projects USING (EXISTS (SELECT 1 FROM workspace_members m\n"
        "  WHERE m.workspace_id = projects.workspace_id AND m.user_id = auth.uid()));\n"
        "CREATE POLICY b ON projects FOR UPDATE USING (owner_id = (SELECT auth.uid()))\n"
        "  WITH CHECK (projects.owner_id = auth.uid()::uuid AND status <> 'x');\n"
        "CREATE POLICY c ON projects AS RESTRICTIVE USING (status <> 'archived');\n"
        "CREATE POLICY d ON projects TO service_role USING (true);\n"
        "CREATE POLICY e ON projects USING (get_accessible_ids() IS NOT NULL);\n"
    )
    options = {"SL108": {"membership-functions": ["private.get_accessible_ids"]}}
    assert _seen(tmp_path, policies, options=options) == []


def test_owner_comparison_under_or_or_on_another_table_does_not_scope(tmp_path: Path) -> None:
    policies = (
        "CREATE POLICY a ON projects USING (owner_id = auth.uid() OR status = 'open');\n"
        "CREATE POLICY b ON projects USING (EXISTS (\n"
        "  SELECT 1 FROM workspace_members m WHERE m.user_id = auth.uid()));\n"
    )
    assert [line for _, _, line, _, _ in _seen(tmp_path, policies)] == [9, 10]


def test_tenant_root_policies_may_scope_by_the_roots_own_key(tmp_path: Path) -> None:
    text = (
        "CREATE TABLE organizations (id uuid PRIMARY KEY);\n"
        "CREATE TABLE workspaces (\n"
        "  id uuid PRIMARY KEY,\n"
        "  organization_id uuid NOT NULL REFERENCES organizations (id)\n"
        ");\n"
        "CREATE TABLE projects (id uuid PRIMARY KEY,"
        " workspace_id uuid NOT NULL REFERENCES workspaces (id));\n"
        "ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY members ON workspaces USING (is_member(id));\n"
    )
    assert lint(tmp_path, [(SQL, text)], ["SL108"])[0] == []
