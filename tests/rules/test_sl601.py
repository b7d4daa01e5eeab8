"""SL601 auth-call-per-row: decided on the parse tree, across files."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

TABLE = """\
CREATE TABLE projects (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL,
  owner_id uuid NOT NULL,
  setting_name text
);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
"""


def _lint(tmp_path: Path, *policies: str, targets: list[str] | None = None) -> list[object]:
    files = [("m/0001.sql", TABLE + policies[0])]
    files += [(f"m/000{n}.sql", sql) for n, sql in enumerate(policies[1:], 2)]
    return list(lint(tmp_path, files, ["SL601"], targets=targets)[0])


def test_a_bare_call_is_reported_at_the_call(tmp_path: Path) -> None:
    sql = "CREATE POLICY own ON projects TO authenticated\n  USING (owner_id = auth.uid());\n"
    assert _lint(tmp_path, sql) == [
        (
            "SL601",
            "m/0001.sql",
            9,
            21,
            "Policy `own` on `projects` calls `auth.uid()` for every row",
        )
    ]


def test_wrapped_calls_are_not_reported(tmp_path: Path) -> None:
    sql = (
        "CREATE POLICY own ON projects TO authenticated\n"
        "  USING (owner_id = (select auth.uid()))\n"
        "  WITH CHECK ((select auth.jwt() ->> 'role') = 'owner'"
        " AND (select current_setting('app.tenant', true)) IS NOT NULL);\n"
    )
    assert _lint(tmp_path, sql) == []


def test_one_wrapped_and_one_bare_call_is_reported_at_the_bare_one(tmp_path: Path) -> None:
    sql = (
        "CREATE POLICY own ON projects TO authenticated\n"
        "  USING (owner_id = (select auth.uid()))\n"
        "  WITH CHECK (owner_id = (select auth.uid()) AND auth.role() = 'authenticated');\n"
    )
    assert _lint(tmp_path, sql) == [
        (
            "SL601",
            "m/0001.sql",
            10,
            50,
            "Policy `own` on `projects` calls `auth.role()` for every row",
        )
    ]


def test_calls_in_a_sub_select_with_from_run_per_row_but_wrapped_ones_do_not(
    tmp_path: Path,
) -> None:
    bare = (
        "CREATE POLICY members ON projects FOR SELECT TO authenticated\n"
        "  USING (EXISTS (SELECT 1 FROM workspace_members m\n"
        "    WHERE m.workspace_id = projects.workspace_id AND m.user_id = auth.uid()\n"
        "      AND current_setting('app.region') = m.region));\n"
    )
    assert _lint(tmp_path, bare) == [
        (
            "SL601", "m/0001.sql", 10, 66,
            "Policy `members` on `projects` calls `auth.uid()` for every row (1 more such call)",
        )
    ]  # fmt: skip
    wrapped = bare.replace("auth.uid()", "(select auth.uid())").replace(
        "current_setting('app.region')", "(select current_setting('app.region'))"
    )
    assert _lint(tmp_path, wrapped) == []


def test_calls_taking_row_columns_and_mentions_in_strings_are_not_reported(
    tmp_path: Path,
) -> None:
    sql = (
        "CREATE POLICY settings ON projects TO authenticated\n"
        "  USING (current_setting(setting_name, true) = 'on' AND setting_name <> 'auth.uid()');\n"
        "-- auth.uid() in a comment is no call\n"
    )
    assert _lint(tmp_path, sql) == []


def test_tables_without_row_level_security_are_left_to_sl104(tmp_path: Path) -> None:
    sql = "CREATE POLICY own ON projects USING (owner_id = auth.uid());\n"
    files = [("m/0001.sql", TABLE.replace("ENABLE", "DISABLE") + sql)]
    assert lint(tmp_path, files, ["SL601"])[0] == []


def test_a_policy_dropped_and_recreated_wrapped_is_no_longer_reported(tmp_path: Path) -> None:
    first = "CREATE POLICY own ON projects USING (owner_id = auth.uid());\n"
    fixed = (
        "DROP POLICY own ON projects;\n"
        "CREATE POLICY own ON projects USING (owner_id = (select auth.uid()));\n"
    )
    assert _lint(tmp_path, first, fixed) == []


def test_a_later_alter_policy_decides_the_verdict(tmp_path: Path) -> None:
    wrapped = "CREATE POLICY own ON projects USING (owner_id = (select auth.uid()));\n"
    unwrap = "ALTER POLICY own ON projects USING (owner_id = auth.uid());\n"
    assert _lint(tmp_path, wrapped, unwrap) == [
        (
            "SL601",
            "m/0002.sql",
            1,
            48,
            "Policy `own` on `projects` calls `auth.uid()` for every row",
        )
    ]
    rewrap = "ALTER POLICY own ON projects USING (owner_id = (select auth.uid()));\n"
    assert _lint(tmp_path, wrapped, unwrap, rewrap) == []
    # An ALTER of the roles only keeps the clauses (and their verdict).
    roles = "ALTER POLICY own ON projects TO authenticated;\n"
    assert _lint(tmp_path, wrapped, unwrap, roles) == [
        (
            "SL601",
            "m/0002.sql",
            1,
            48,
            "Policy `own` on `projects` calls `auth.uid()` for every row",
        )
    ]


def test_a_policy_replaced_by_an_unwrapped_one_is_reported_in_the_new_migration(
    tmp_path: Path,
) -> None:
    wrapped = "CREATE POLICY own ON projects USING (owner_id = (select auth.uid()));\n"
    replaced = (
        "DROP POLICY own ON projects;\n"
        "CREATE POLICY own ON projects FOR ALL TO authenticated\n"
        "  USING (owner_id = auth.uid());\n"
    )
    found = _lint(tmp_path, wrapped, replaced, targets=["m/0002.sql"])
    assert found == [
        (
            "SL601",
            "m/0002.sql",
            3,
            21,
            "Policy `own` on `projects` calls `auth.uid()` for every row",
        )
    ]


def test_an_old_unwrapped_policy_is_not_reported_on_an_unrelated_new_migration(
    tmp_path: Path,
) -> None:
    old = "CREATE POLICY own ON projects USING (owner_id = auth.uid());\n"
    new = "CREATE INDEX projects_owner_id_idx ON projects (owner_id);\n"
    assert _lint(tmp_path, old, new, targets=["m/0002.sql"]) == []


def test_in_a_body_located_at_its_statement_the_first_call_written_is_named(
    tmp_path: Path,
) -> None:
    # An E'' body cannot be mapped back into the file: every span in it is the DO
    # statement's, and the calls are ordered as written.
    sql = (
        "DO E'BEGIN CREATE POLICY own ON projects\n"
        "  USING (auth.jwt() ->> ''sub'' = auth.uid()::text); END';\n"
    )
    assert _lint(tmp_path, sql) == [
        (
            "SL601",
            "m/0001.sql",
            8,
            1,
            "Policy `own` on `projects` calls `auth.jwt()` for every row (1 more such call)",
        )
    ]
