"""SL604 policy-uses-user-metadata."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

TABLE = """\
CREATE TABLE invoices (id uuid PRIMARY KEY, organization_id uuid NOT NULL);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
"""
JWT = "Policy `p` on `invoices` reads `user_metadata` from the user's JWT, which the user can edit"


def _lint(tmp_path: Path, sql: str) -> list[object]:
    return list(lint(tmp_path, [("m/0001.sql", TABLE + sql)], ["SL604"])[0])


def test_user_metadata_from_the_jwt_is_reported_at_the_key(tmp_path: Path) -> None:
    sql = "CREATE POLICY p ON invoices USING ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');\n"
    assert _lint(tmp_path, sql) == [("SL604", "m/0001.sql", 3, 51, JWT)]


def test_claims_setting_and_path_operators_are_reported(tmp_path: Path) -> None:
    sql = (
        "CREATE POLICY p ON invoices USING (\n"
        "  (current_setting('request.jwt.claims', true)::jsonb -> 'user_metadata' ->> 'org')\n"
        "    = organization_id::text);\n"
        "CREATE POLICY q ON invoices FOR UPDATE\n"
        "  USING ((select auth.jwt() #>> '{user_metadata,role}') = 'admin');\n"
    )
    assert _lint(tmp_path, sql) == [
        ("SL604", "m/0001.sql", 4, 58, JWT),
        ("SL604", "m/0001.sql", 7, 33, JWT.replace("`p`", "`q`")),
    ]


def test_raw_user_meta_data_of_auth_users_is_reported(tmp_path: Path) -> None:
    sql = (
        "CREATE POLICY p ON invoices USING (EXISTS (SELECT 1 FROM auth.users u\n"
        "  WHERE u.id = (select auth.uid()) AND u.raw_user_meta_data ->> 'admin' = 'yes'));\n"
    )
    assert _lint(tmp_path, sql) == [
        (
            "SL604", "m/0001.sql", 4, 40,
            "Policy `p` on `invoices` reads `auth.users.raw_user_meta_data`, which the user "
            "can edit",
        )
    ]  # fmt: skip


def test_app_metadata_and_other_json_are_not_reported(tmp_path: Path) -> None:
    sql = (
        "CREATE POLICY p ON invoices USING (\n"
        "  (select auth.jwt() -> 'app_metadata' ->> 'role') = 'admin'\n"
        "  OR ('{\"user_metadata\": 1}'::jsonb -> 'user_metadata') IS NOT NULL);\n"
    )
    assert _lint(tmp_path, sql) == []
