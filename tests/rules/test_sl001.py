"""SL001 syntax-error, through the engine."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint


def test_broken_statement_is_located_and_the_rest_is_still_linted(tmp_path: Path) -> None:
    sql = (
        "CREATE TABLE workspaces (id uuid PRIMARY KEY);\n"
        "ALTER TABLE workspaces ADD COLUM slug text;\n"
        "DELETE FROM workspaces WHERE id = '1';\n"
    )
    found, _ = lint(tmp_path, [("m/0001.sql", sql)], ["SL001", "SL401"])
    assert found == [
        ("SL001", "m/0001.sql", 2, 39, 'syntax error at or near "text"'),
        ("SL401", "m/0001.sql", 3, 1, "`DELETE` hard-deletes rows of `workspaces`"),
    ]


def test_prisma_syntax_error_says_what_was_expected(tmp_path: Path) -> None:
    schema = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel A {\n  id String @id\n  oops oops oops\n}\n'
    found, _ = lint(tmp_path, [("schema.prisma", schema)], ["SL001"], prisma=True)
    assert found == [
        (
            "SL001", "schema.prisma", 7, 13,
            'expected a field attribute ("@...") or the end of the line, found "oops"',
        )
    ]  # fmt: skip
