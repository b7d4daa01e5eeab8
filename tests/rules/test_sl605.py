"""SL605 exposed-security-definer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.rules.helpers import lint_exposed

DEFINER = (
    "CREATE FUNCTION public.is_org_admin(org uuid) RETURNS boolean\n"
    "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = '' AS $$ SELECT true $$;\n"
)


def _lint(tmp_path: Path, *sql: str, options: dict[str, Any] | None = None) -> list[object]:
    return list(lint_exposed(tmp_path, "SL605", sql, options))


def _message(who: str, signature: str = "public.is_org_admin(uuid)") -> str:
    return (
        f"Function `{signature}` runs as its owner (`SECURITY DEFINER`) and {who} can "
        "execute it through the API"
    )


def test_a_new_definer_function_is_reported_at_its_name(tmp_path: Path) -> None:
    assert _lint(tmp_path, DEFINER) == [
        ("SL605", "m/0001.sql", 1, 17, _message("`PUBLIC`, `anon`, `authenticated`")),
    ]


def test_a_later_revoke_from_every_remaining_grantee_clears_it(tmp_path: Path) -> None:
    revoke = (
        "REVOKE EXECUTE ON FUNCTION public.is_org_admin(uuid) FROM PUBLIC, anon, authenticated;\n"
    )
    assert _lint(tmp_path, DEFINER, revoke) == []


def test_a_partial_revoke_leaves_the_finding_at_the_definition(tmp_path: Path) -> None:
    from_public = "REVOKE EXECUTE ON FUNCTION is_org_admin(uuid) FROM PUBLIC;\n"
    from_api = "REVOKE ALL ON FUNCTION is_org_admin FROM anon, authenticated;\n"
    assert _lint(tmp_path, DEFINER, from_public) == [
        ("SL605", "m/0001.sql", 1, 17, _message("`anon`, `authenticated`")),
    ]
    assert _lint(tmp_path, DEFINER, from_api) == [
        ("SL605", "m/0001.sql", 1, 17, _message("`PUBLIC`")),
    ]


def test_revokes_name_one_signature_of_an_overloaded_function(tmp_path: Path) -> None:
    overload = (
        "CREATE FUNCTION public.is_org_admin(org text) RETURNS boolean\n"
        "LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT true $$;\n"
    )
    revoke = (
        "REVOKE EXECUTE ON FUNCTION public.is_org_admin(uuid) FROM PUBLIC, anon, authenticated;\n"
    )
    assert _lint(tmp_path, DEFINER + overload, revoke) == [
        (
            "SL605", "m/0001.sql", 3, 17,
            _message("`PUBLIC`, `anon`, `authenticated`", "public.is_org_admin(text)"),
        ),
    ]  # fmt: skip


def test_revoke_on_all_functions_in_schema_covers_every_function(tmp_path: Path) -> None:
    revoke = (
        "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;\n"
        "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM anon, authenticated;\n"
    )
    assert _lint(tmp_path, DEFINER, revoke) == []


def test_default_privileges_apply_to_functions_created_after_them_only(tmp_path: Path) -> None:
    defaults = (
        "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;\n"
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM anon, "
        "authenticated;\n"
    )
    later = DEFINER.replace("is_org_admin", "is_org_owner")
    assert _lint(tmp_path, DEFINER, defaults + later) == [
        ("SL605", "m/0001.sql", 1, 17, _message("`PUBLIC`, `anon`, `authenticated`")),
    ]


def test_a_per_schema_default_cannot_take_publics_execute_away(tmp_path: Path) -> None:
    defaults = (
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS "
        "FROM PUBLIC, anon, authenticated;\n"
    )
    assert _lint(tmp_path, defaults + DEFINER) == [
        ("SL605", "m/0001.sql", 2, 17, _message("`PUBLIC`")),
    ]


def test_a_grant_that_opens_the_function_again_is_where_it_is_reported(tmp_path: Path) -> None:
    revoke = (
        "REVOKE EXECUTE ON FUNCTION public.is_org_admin(uuid) FROM PUBLIC, anon, authenticated;\n"
    )
    grant = "-- the admin screen calls it\nGRANT EXECUTE ON FUNCTION public.is_org_admin(uuid) TO authenticated;\n"
    assert _lint(tmp_path, DEFINER + revoke, grant) == [
        ("SL605", "m/0002.sql", 2, 1, _message("`authenticated`")),
    ]


def test_alter_function_security_definer_later_is_where_it_is_reported(tmp_path: Path) -> None:
    invoker = DEFINER.replace("SECURITY DEFINER ", "")
    alter = "ALTER FUNCTION public.is_org_admin(uuid) SECURITY DEFINER;\n"
    assert _lint(tmp_path, invoker, alter) == [
        ("SL605", "m/0002.sql", 1, 1, _message("`PUBLIC`, `anon`, `authenticated`")),
    ]
    back = "ALTER FUNCTION public.is_org_admin SECURITY INVOKER;\n"
    assert _lint(tmp_path, DEFINER, back) == []


def test_trigger_functions_private_schemas_and_allowed_functions_are_silent(
    tmp_path: Path,
) -> None:
    sql = (
        "CREATE FUNCTION public.on_signup() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER\n"
        "  AS $$ BEGIN RETURN NEW; END $$;\n"
        "CREATE FUNCTION public.on_ddl() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER\n"
        "  AS $$ BEGIN END $$;\n"
        "CREATE SCHEMA private;\n"
        + DEFINER.replace("public.", "private.")
        + DEFINER.replace("is_org_admin", "accept_invitation")
    )
    assert _lint(tmp_path, sql, options={"allow": ["public.accept_invitation"]}) == []


def test_rename_and_drop_follow_the_function(tmp_path: Path) -> None:
    rename = "ALTER FUNCTION public.is_org_admin(uuid) RENAME TO is_admin;\n"
    assert _lint(tmp_path, DEFINER, rename) == [
        ("SL605", "m/0001.sql", 1, 17, _message(
            "`PUBLIC`, `anon`, `authenticated`", "public.is_admin(uuid)"
        )),
    ]  # fmt: skip
    moved = "CREATE SCHEMA private;\nALTER FUNCTION public.is_org_admin(uuid) SET SCHEMA private;\n"
    assert _lint(tmp_path, DEFINER, moved) == []
    dropped = "DROP FUNCTION public.is_org_admin(uuid);\n"
    assert _lint(tmp_path, DEFINER, dropped) == []


def test_create_or_replace_keeps_the_privileges(tmp_path: Path) -> None:
    revoke = (
        "REVOKE EXECUTE ON FUNCTION public.is_org_admin(uuid) FROM PUBLIC, anon, authenticated;\n"
    )
    replaced = DEFINER.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    assert _lint(tmp_path, DEFINER + revoke, replaced) == []
