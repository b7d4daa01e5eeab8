"""SL603 permissive-policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.rules.helpers import lint

TABLE = """\
CREATE TABLE comments (
  id uuid PRIMARY KEY,
  author_id uuid NOT NULL,
  body text NOT NULL
);
ALTER TABLE comments ENABLE ROW LEVEL SECURITY;
"""


def _lint(tmp_path: Path, *sql: str, options: dict[str, Any] | None = None) -> list[object]:
    files = [("m/0001.sql", TABLE + sql[0])]
    files += [(f"m/000{n}.sql", text) for n, text in enumerate(sql[1:], 2)]
    return list(lint(tmp_path, files, ["SL603"], options={"SL603": options or {}})[0])


def test_always_true_using_on_writes_is_reported_at_the_expression(tmp_path: Path) -> None:
    sql = (
        "CREATE POLICY edit ON comments FOR UPDATE TO authenticated USING (true);\n"
        "CREATE POLICY remove ON comments FOR DELETE USING (1 = 1);\n"
        "CREATE POLICY everything ON comments TO anon USING ('t'::boolean);\n"
    )
    assert _lint(tmp_path, sql) == [
        (
            "SL603", "m/0001.sql", 7, 67,
            "Policy `edit` on `comments` (UPDATE, `authenticated`): its `USING` is always "
            "true, so it applies to every row",
        ),
        (
            "SL603", "m/0001.sql", 8, 52,
            "Policy `remove` on `comments` (DELETE, every role): its `USING` is always true, "
            "so it applies to every row",
        ),
        (
            "SL603", "m/0001.sql", 9, 53,
            "Policy `everything` on `comments` (every command, `anon`): its `USING` is always "
            "true, so it applies to every row",
        ),
    ]  # fmt: skip


def test_always_true_with_check_is_reported_but_a_missing_one_on_insert_is_not(
    tmp_path: Path,
) -> None:
    sql = (
        "CREATE POLICY add ON comments FOR INSERT TO authenticated WITH CHECK (true);\n"
        "CREATE POLICY add_nothing ON comments FOR INSERT TO authenticated;\n"
        "CREATE POLICY edit ON comments FOR UPDATE TO authenticated\n"
        "  USING (author_id = (select auth.uid())) WITH CHECK (true OR body = '');\n"
    )
    message = "its `WITH CHECK` is always true, so any row can be written"
    assert _lint(tmp_path, sql) == [
        (
            "SL603", "m/0001.sql", 7, 71,
            f"Policy `add` on `comments` (INSERT, `authenticated`): {message}",
        ),
        (
            "SL603", "m/0001.sql", 10, 55,
            f"Policy `edit` on `comments` (UPDATE, `authenticated`): {message}",
        ),
    ]  # fmt: skip


def test_a_null_auth_disjunct_on_reads_is_reported_at_the_disjunct(tmp_path: Path) -> None:
    sql = (
        "CREATE POLICY read ON comments FOR SELECT\n"
        "  USING (author_id = (select auth.uid()) OR (select auth.uid()) IS NULL);\n"
        "CREATE POLICY read_anon ON comments FOR SELECT TO anon\n"
        "  USING (auth.uid() IS NULL AND body <> '');\n"
    )
    assert _lint(tmp_path, sql) == [
        (
            "SL603", "m/0001.sql", 8, 45,
            "Policy `read` on `comments` (SELECT, every role): its `USING` admits requests "
            "without a user (`(select auth.uid()) IS NULL`)",
        )
    ]  # fmt: skip


def test_public_read_is_silent_unless_configured(tmp_path: Path) -> None:
    sql = "CREATE POLICY read ON comments FOR SELECT TO anon, authenticated USING (true);\n"
    assert _lint(tmp_path, sql) == []
    assert _lint(tmp_path, sql, options={"public-read": True}) == [
        (
            "SL603", "m/0001.sql", 7, 73,
            "Policy `read` on `comments` (SELECT, `anon` and `authenticated`): its `USING` is "
            "always true, so every row is readable",
        )
    ]  # fmt: skip


def test_restrictive_policies_other_roles_and_unexposed_schemas_are_not_judged(
    tmp_path: Path,
) -> None:
    sql = (
        "CREATE POLICY service ON comments TO service_role USING (true);\n"
        "CREATE POLICY gate ON comments AS RESTRICTIVE FOR UPDATE USING (true);\n"
        "CREATE SCHEMA private;\n"
        "CREATE TABLE private.notes (id uuid PRIMARY KEY);\n"
        "ALTER TABLE private.notes ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY open ON private.notes FOR UPDATE USING (true);\n"
    )
    assert _lint(tmp_path, sql) == []


def test_a_later_alter_policy_that_tightens_the_clause_clears_it(tmp_path: Path) -> None:
    first = "CREATE POLICY edit ON comments FOR UPDATE TO authenticated USING (true);\n"
    tighten = "ALTER POLICY edit ON comments USING (author_id = (select auth.uid()));\n"
    assert _lint(tmp_path, first, tighten) == []
    loosen = "ALTER POLICY edit ON comments WITH CHECK (true);\n"
    assert _lint(tmp_path, first, tighten, loosen) == [
        (
            "SL603", "m/0003.sql", 1, 43,
            "Policy `edit` on `comments` (UPDATE, `authenticated`): its `WITH CHECK` is "
            "always true, so any row can be written",
        )
    ]  # fmt: skip
