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


HELPER = """\
CREATE SCHEMA private;
CREATE FUNCTION private.is_admin() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT (auth.jwt() -> 'user_metadata' ->> 'role') = 'admin'
$$;
"""
THROUGH = (
    "Policy `p` on `invoices` reads `user_metadata` through `private.is_admin()`, "
    "which the user can edit"
)


def test_a_function_whose_body_reads_user_metadata_is_reported_at_the_call(
    tmp_path: Path,
) -> None:
    policy = "CREATE POLICY p ON invoices FOR UPDATE USING ((select private.is_admin()));\n"
    files = [("m/0001.sql", TABLE + HELPER), ("m/0002.sql", policy)]
    # The function's file is context only (a pre-commit run on the policy's file).
    found = lint(tmp_path, files, ["SL604"], targets=["m/0002.sql"])[0]
    assert found == [("SL604", "m/0002.sql", 1, 55, THROUGH)]


def test_a_plpgsql_body_reading_the_claims_setting_counts(tmp_path: Path) -> None:
    helper = (
        "CREATE FUNCTION is_admin() RETURNS boolean LANGUAGE plpgsql STABLE AS $$\n"
        "BEGIN\n"
        "  RETURN current_setting('request.jwt.claims', true)::jsonb"
        " #>> '{user_metadata,role}' = 'admin';\n"
        "END $$;\n"
        "CREATE POLICY p ON invoices USING (is_admin());\n"
    )
    assert _lint(tmp_path, helper) == [
        (
            "SL604", "m/0001.sql", 7, 36,
            "Policy `p` on `invoices` reads `user_metadata` through `is_admin()`, which the "
            "user can edit",
        )
    ]  # fmt: skip


def test_a_function_replaced_by_one_reading_app_metadata_clears_it(tmp_path: Path) -> None:
    policy = "CREATE POLICY p ON invoices FOR UPDATE USING ((select private.is_admin()));\n"
    replaced = HELPER.replace("CREATE SCHEMA private;\n", "").replace(
        "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"
    )
    replaced = replaced.replace("user_metadata", "app_metadata")
    files = [("m/0001.sql", TABLE + HELPER + policy), ("m/0002.sql", replaced)]
    assert lint(tmp_path, files, ["SL604"])[0] == []
    # A comment that mentions user_metadata is not a read.
    commented = replaced.replace("$$;", "-- formerly auth.jwt() -> 'user_metadata'\n$$;")
    files = [("m/0001.sql", TABLE + HELPER + policy), ("m/0002.sql", commented)]
    assert lint(tmp_path, files, ["SL604"])[0] == []


MENTIONS = """\
CREATE FUNCTION is_admin() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RAISE DEBUG 'role from % (no longer %)', 'app_metadata', 'user_metadata';
  RETURN auth.jwt() -> 'app_metadata' ->> 'role' = 'admin';
END $$;
CREATE POLICY p ON invoices USING (is_admin());
"""


def test_a_body_naming_the_key_without_reading_it_from_the_claims_is_silent(
    tmp_path: Path,
) -> None:
    # The body's string 'user_metadata' is a message argument, and it reads the JWT - but not
    # that key of it. (Judged on tokens - the string and ``auth.jwt`` both present - it was
    # taken for a read.) The same body reading the key is reported.
    assert _lint(tmp_path, MENTIONS) == []
    reading = MENTIONS.replace("-> 'app_metadata'", "-> 'user_metadata'")
    assert _lint(tmp_path, reading) == [
        (
            "SL604", "m/0001.sql", 8, 36,
            "Policy `p` on `invoices` reads `user_metadata` through `is_admin()`, which the "
            "user can edit",
        )
    ]  # fmt: skip


def test_an_assignment_and_a_condition_in_a_plpgsql_body_are_read(tmp_path: Path) -> None:
    helper = """\
CREATE FUNCTION my_org() RETURNS uuid LANGUAGE plpgsql STABLE AS $$
DECLARE
  org uuid;
BEGIN
  org := (auth.jwt() -> 'user_metadata' ->> 'org')::uuid;
  RETURN org;
END $$;
CREATE FUNCTION is_owner() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM auth.users u WHERE u.raw_user_meta_data ->> 'owner' = 'yes') THEN
    RETURN true;
  END IF;
  RETURN false;
END $$;
CREATE POLICY p ON invoices USING (organization_id = my_org());
CREATE POLICY q ON invoices USING (is_owner());
"""
    assert _lint(tmp_path, helper) == [
        (
            "SL604", "m/0001.sql", 17, 54,
            "Policy `p` on `invoices` reads `user_metadata` through `my_org()`, which the "
            "user can edit",
        ),
        (
            "SL604", "m/0001.sql", 18, 36,
            "Policy `q` on `invoices` reads `user_metadata` through `is_owner()`, which the "
            "user can edit",
        ),
    ]  # fmt: skip
