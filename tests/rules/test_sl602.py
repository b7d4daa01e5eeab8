"""SL602 policy-column-unindexed."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

TABLE = """\
CREATE TABLE documents (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL,
  owner_id uuid NOT NULL,
  status text NOT NULL
);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
"""


def _lint(tmp_path: Path, *sql: str, select: tuple[str, ...] = ("SL602",)) -> list[object]:
    files = [("m/0001.sql", TABLE + sql[0])]
    files += [(f"m/000{n}.sql", text) for n, text in enumerate(sql[1:], 2)]
    return list(lint(tmp_path, files, list(select))[0])


def _message(column: str, policy: str = "p") -> str:
    return f"Policy `{policy}` filters `documents` on `{column}`, which leads no index"


def test_identity_and_tenant_comparisons_are_reported_at_the_column(tmp_path: Path) -> None:
    sql = (
        "CREATE POLICY p ON documents TO authenticated\n"
        "  USING ((select auth.uid()) = owner_id\n"
        "    OR organization_id IN (select private.user_organization_ids())\n"
        "    OR status = 'published');\n"
    )
    assert _lint(tmp_path, sql) == [
        ("SL602", "m/0001.sql", 9, 32, _message("owner_id")),
        ("SL602", "m/0001.sql", 10, 8, _message("organization_id")),
    ]


def test_any_of_a_function_and_jwt_claims_count_as_the_tenant(tmp_path: Path) -> None:
    sql = (
        "CREATE POLICY p ON documents TO authenticated\n"
        "  USING (organization_id = ANY (private.user_organization_ids()));\n"
        "CREATE POLICY q ON documents FOR UPDATE TO authenticated\n"
        "  USING (owner_id::text = (select auth.jwt() ->> 'sub'));\n"
    )
    assert _lint(tmp_path, sql) == [
        ("SL602", "m/0001.sql", 9, 10, _message("organization_id")),
        ("SL602", "m/0001.sql", 11, 10, _message("owner_id", "q")),
    ]


def test_a_leading_index_key_or_constraint_covers_the_column(tmp_path: Path) -> None:
    sql = (
        "CREATE INDEX documents_org_status_idx ON documents (organization_id, status);\n"
        "ALTER TABLE documents ADD CONSTRAINT documents_owner_key UNIQUE (owner_id, id);\n"
        "CREATE POLICY p ON documents TO authenticated\n"
        "  USING (owner_id = (select auth.uid()) AND organization_id IN (select 1));\n"
    )
    assert _lint(tmp_path, sql) == []


def test_a_column_second_in_an_index_or_in_a_partial_index_is_reported(tmp_path: Path) -> None:
    sql = (
        "CREATE INDEX documents_status_org_idx ON documents (status, organization_id);\n"
        "CREATE INDEX documents_owner_idx ON documents (owner_id) WHERE status = 'draft';\n"
        "CREATE POLICY p ON documents TO authenticated\n"
        "  USING (owner_id = (select auth.uid()) AND organization_id IN (select 1));\n"
    )
    assert _lint(tmp_path, sql) == [
        ("SL602", "m/0001.sql", 11, 10, _message("owner_id")),
        ("SL602", "m/0001.sql", 11, 45, _message("organization_id")),
    ]


def test_an_unindexed_foreign_key_column_is_left_to_sl201(tmp_path: Path) -> None:
    sql = (
        "CREATE TABLE members (id uuid PRIMARY KEY, user_id uuid NOT NULL"
        " REFERENCES auth.users (id));\n"
        "ALTER TABLE members ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY mine ON members TO authenticated\n"
        "  USING (user_id = (select auth.uid()));\n"
    )
    found = _lint(tmp_path, sql, select=("SL201", "SL602"))
    assert found == [
        (
            "SL201", "m/0001.sql", 8, 66,
            "Foreign key `user_id` on `members` (referencing `auth.users`) has no index",
        )
    ]  # fmt: skip


def test_comparisons_inside_sub_selects_and_with_row_values_are_not_reported(
    tmp_path: Path,
) -> None:
    sql = (
        "CREATE POLICY p ON documents TO authenticated\n"
        "  USING (EXISTS (SELECT 1 FROM members m WHERE m.organization_id = documents.organization_id\n"
        "    AND m.user_id = (select auth.uid())) AND status = lower(status));\n"
    )
    assert _lint(tmp_path, sql) == []


def test_an_index_dropped_later_uncovers_the_column_and_a_rename_follows_it(
    tmp_path: Path,
) -> None:
    first = (
        "CREATE INDEX documents_owner_idx ON documents (owner_id);\n"
        "CREATE POLICY p ON documents TO authenticated USING (owner_id = (select auth.uid()));\n"
    )
    later = (
        "DROP INDEX documents_owner_idx;\n"
        "ALTER TABLE documents RENAME COLUMN owner_id TO author_id;\n"
    )
    assert _lint(tmp_path, first, later) == [("SL602", "m/0001.sql", 9, 54, _message("author_id"))]
