"""SL607 view-bypasses-rls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.rules.helpers import lint_exposed

TABLE = "CREATE TABLE public.orders (id uuid PRIMARY KEY, total bigint);\n"
VIEW = "CREATE VIEW public.order_totals AS SELECT sum(total) AS total FROM public.orders;\n"
DEFINER_VIEW = (
    "View `order_totals` runs with its owner's rights (no `security_invoker`) and is readable "
    "by `anon`, `authenticated`, past the row level security of the tables it reads"
)


def _lint(tmp_path: Path, *sql: str, options: dict[str, Any] | None = None) -> list[object]:
    return list(lint_exposed(tmp_path, "SL607", sql, options))


def test_a_view_without_security_invoker_is_reported_at_its_name(tmp_path: Path) -> None:
    assert _lint(tmp_path, TABLE + VIEW) == [("SL607", "m/0001.sql", 2, 13, DEFINER_VIEW)]


def test_alter_view_set_security_invoker_clears_it_and_reset_reports_the_reset(
    tmp_path: Path,
) -> None:
    on = "ALTER VIEW public.order_totals SET (security_invoker = on);\n"
    assert _lint(tmp_path, TABLE + VIEW, on) == []
    reset = "ALTER VIEW order_totals RESET (security_invoker);\n"
    assert _lint(tmp_path, TABLE + VIEW, on, reset) == [
        ("SL607", "m/0003.sql", 1, 1, DEFINER_VIEW),
    ]


def test_create_or_replace_without_the_option_turns_it_off_again(tmp_path: Path) -> None:
    invoker = VIEW.replace("AS SELECT", "WITH (security_invoker = true) AS SELECT")
    assert _lint(tmp_path, TABLE + invoker) == []
    replaced = VIEW.replace("CREATE VIEW", "CREATE OR REPLACE VIEW")
    assert _lint(tmp_path, TABLE + invoker, replaced) == [
        ("SL607", "m/0002.sql", 1, 24, DEFINER_VIEW),
    ]


def test_revoking_select_from_the_api_roles_clears_it_a_partial_revoke_does_not(
    tmp_path: Path,
) -> None:
    partial = "REVOKE SELECT ON public.order_totals FROM anon;\n"
    assert _lint(tmp_path, TABLE + VIEW, partial) == [
        (
            "SL607",
            "m/0001.sql",
            2,
            13,
            DEFINER_VIEW.replace("`anon`, `authenticated`", "`authenticated`"),
        ),
    ]
    full = "REVOKE ALL ON TABLE public.order_totals FROM anon, authenticated;\n"
    assert _lint(tmp_path, TABLE + VIEW, full) == []


def test_security_invoker_is_decided_only_on_postgresql_15_and_later(tmp_path: Path) -> None:
    assert _lint(tmp_path, TABLE + VIEW, options={"postgres-version": 14}) == []
    users = "CREATE VIEW public.emails AS SELECT id, email FROM auth.users;\n"
    assert _lint(tmp_path, users, options={"postgres-version": 14}) == [
        (
            "SL607", "m/0001.sql", 1, 13,
            "View `emails` reads `auth.users` and is readable by `anon`, `authenticated` "
            "through the API",
        ),
    ]  # fmt: skip


def test_auth_users_in_a_sub_select_counts_even_with_security_invoker(tmp_path: Path) -> None:
    sql = (
        "CREATE VIEW public.owners WITH (security_invoker) AS\n"
        "  SELECT o.id FROM public.orders o\n"
        "  WHERE EXISTS (SELECT 1 FROM auth.users u WHERE u.id = o.id);\n"
    )
    assert _lint(tmp_path, TABLE + sql) == [
        (
            "SL607", "m/0001.sql", 2, 13,
            "View `owners` reads `auth.users` and is readable by `anon`, `authenticated` "
            "through the API",
        ),
    ]  # fmt: skip


def test_materialized_views_and_foreign_tables_are_reported(tmp_path: Path) -> None:
    sql = (
        "CREATE MATERIALIZED VIEW public.daily AS SELECT count(*) FROM public.orders;\n"
        "CREATE FOREIGN TABLE public.remote_invoices (id uuid) SERVER billing;\n"
    )
    assert _lint(tmp_path, TABLE + sql) == [
        (
            "SL607", "m/0001.sql", 2, 26,
            "Materialized view `daily` in the exposed schema `public` is readable by "
            "`anon`, `authenticated`",
        ),
        (
            "SL607", "m/0001.sql", 3, 22,
            "Foreign table `remote_invoices` in the exposed schema `public` is readable by "
            "`anon`, `authenticated`",
        ),
    ]  # fmt: skip


def test_views_outside_exposed_schemas_or_created_after_a_default_revoke_are_silent(
    tmp_path: Path,
) -> None:
    private = "CREATE SCHEMA private;\n" + VIEW.replace("public.order_totals", "private.totals")
    defaults = (
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM anon, "
        "authenticated;\n"
    )
    assert _lint(tmp_path, TABLE + private) == []
    assert _lint(tmp_path, TABLE + defaults + VIEW) == []


def test_a_grant_after_creation_is_where_it_is_reported(tmp_path: Path) -> None:
    defaults = (
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM anon, authenticated;\n"
    )
    grant = "GRANT SELECT ON ALL TABLES IN SCHEMA public TO authenticated;\n"
    assert _lint(tmp_path, TABLE + defaults + VIEW, grant) == [
        (
            "SL607",
            "m/0002.sql",
            1,
            1,
            DEFINER_VIEW.replace("`anon`, `authenticated`", "`authenticated`"),
        ),
    ]


def test_rename_and_drop_follow_the_view(tmp_path: Path) -> None:
    rename = "ALTER VIEW public.order_totals RENAME TO totals;\n"
    assert _lint(tmp_path, TABLE + VIEW, rename) == [
        ("SL607", "m/0001.sql", 2, 13, DEFINER_VIEW.replace("order_totals", "totals")),
    ]
    assert _lint(tmp_path, TABLE + VIEW, "DROP VIEW order_totals;\n") == []
