"""SL608 extension-in-public."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint


def _lint(tmp_path: Path, *sql: str) -> list[object]:
    files = [(f"m/000{n}.sql", text) for n, text in enumerate(sql, 1)]
    return list(lint(tmp_path, files, ["SL608"])[0])


def test_an_extension_without_schema_or_in_public_is_reported(tmp_path: Path) -> None:
    sql = (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
        'CREATE EXTENSION "uuid-ossp" WITH SCHEMA public;\n'
        "CREATE EXTENSION plpgsql;\n"
        "CREATE EXTENSION pgcrypto SCHEMA extensions;\n"
    )
    assert _lint(tmp_path, sql) == [
        ("SL608", "m/0001.sql", 1, 1, "Extension `pg_trgm` is installed in the `public` schema"),
        (
            "SL608", "m/0001.sql", 2, 1,
            "Extension `uuid-ossp` is installed in the `public` schema",
        ),
    ]  # fmt: skip


def test_the_search_path_decides_where_an_unqualified_extension_goes(tmp_path: Path) -> None:
    sql = "CREATE SCHEMA extensions;\nSET search_path = extensions, public;\nCREATE EXTENSION citext;\n"
    assert _lint(tmp_path, sql) == []


def test_a_later_set_schema_clears_it_and_a_move_back_is_reported(tmp_path: Path) -> None:
    create = "CREATE EXTENSION citext;\n"
    move = "ALTER EXTENSION citext SET SCHEMA extensions;\n"
    assert _lint(tmp_path, create, move) == []
    back = "-- undo\nALTER EXTENSION citext SET SCHEMA public;\n"
    assert _lint(tmp_path, create, move, back) == [
        ("SL608", "m/0003.sql", 2, 1, "Extension `citext` is installed in the `public` schema"),
    ]
    assert _lint(tmp_path, create, "DROP EXTENSION citext;\n") == []
