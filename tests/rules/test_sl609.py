"""SL609 multiple-permissive-policies."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

TABLE = """\
CREATE TABLE tasks (id uuid PRIMARY KEY, workspace_id uuid NOT NULL, assignee_id uuid);
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
"""


def _lint(tmp_path: Path, *sql: str) -> list[object]:
    files = [("m/0001.sql", TABLE + sql[0])]
    files += [(f"m/000{n}.sql", text) for n, text in enumerate(sql[1:], 2)]
    return list(lint(tmp_path, files, ["SL609"])[0])


def test_all_overlaps_each_command_and_is_reported_at_the_later_policy(tmp_path: Path) -> None:
    sql = (
        "CREATE POLICY read ON tasks FOR SELECT TO authenticated USING (true);\n"
        "CREATE POLICY manage ON tasks FOR ALL TO authenticated USING (assignee_id IS NOT NULL);\n"
        "CREATE POLICY edit ON tasks FOR UPDATE TO authenticated USING (true);\n"
    )
    assert _lint(tmp_path, sql) == [
        (
            "SL609", "m/0001.sql", 4, 15,
            "Policies `read` and `manage` on `tasks` are both permissive for `authenticated` "
            "on `SELECT`",
        ),
        (
            "SL609", "m/0001.sql", 5, 15,
            "Policies `manage` and `edit` on `tasks` are both permissive for `authenticated` "
            "on `UPDATE`",
        ),
    ]  # fmt: skip


def test_public_expands_to_the_api_roles_and_the_roles_the_history_names(
    tmp_path: Path,
) -> None:
    sql = (
        "CREATE POLICY everyone ON tasks FOR SELECT USING (true);\n"
        "CREATE POLICY staff ON tasks FOR SELECT TO staff, anon USING (true);\n"
        "CREATE POLICY service ON tasks FOR SELECT TO service_role USING (true);\n"
    )
    assert _lint(tmp_path, sql) == [
        (
            "SL609", "m/0001.sql", 4, 15,
            "Policies `everyone` and `staff` on `tasks` are both permissive for `anon` and "
            "`staff` on `SELECT`",
        )
    ]  # fmt: skip


def test_distinct_commands_roles_and_restrictive_policies_do_not_overlap(tmp_path: Path) -> None:
    sql = (
        "CREATE POLICY read ON tasks FOR SELECT TO authenticated USING (true);\n"
        "CREATE POLICY read_anon ON tasks FOR SELECT TO anon USING (true);\n"
        "CREATE POLICY add ON tasks FOR INSERT TO authenticated WITH CHECK (true);\n"
        "CREATE POLICY gate ON tasks AS RESTRICTIVE TO authenticated USING (true);\n"
        "CREATE POLICY admin ON tasks TO service_role, postgres USING (true);\n"
    )
    assert _lint(tmp_path, sql) == []


def test_a_policy_dropped_later_clears_the_overlap(tmp_path: Path) -> None:
    sql = (
        "CREATE POLICY read ON tasks FOR SELECT TO authenticated USING (true);\n"
        "CREATE POLICY manage ON tasks TO authenticated USING (true);\n"
    )
    assert _lint(tmp_path, sql, "DROP POLICY read ON tasks;\n") == []
    renamed = "ALTER POLICY read ON tasks RENAME TO read_own;\n"
    assert _lint(tmp_path, sql, renamed) == [
        (
            "SL609", "m/0001.sql", 4, 15,
            "Policies `read_own` and `manage` on `tasks` are both permissive for "
            "`authenticated` on `SELECT`",
        )
    ]  # fmt: skip
