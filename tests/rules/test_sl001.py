"""SL001 syntax-error, through the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pgcluster import Cluster
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


BODIES = (
    "create table notes (id int);\n"
    "create function f() returns void language plpgsql as $$\n"
    "begin\n"
    "  IF THEN END;\n"
    "  delete from notes;\n"
    "end $$;\n"
    "create function g() returns int language sql as 'SELECT (1';\n"
    "do $$ begin if then end if; end $$;\n"
    "create function h() returns void language plpgsql as $$ begin then; then; end $$;\n"
    "delete from notes;\n"
)
BODY_FINDINGS = [
    ("SL001", "m/1.sql", 4, 6, 'in the PL/pgSQL body: missing expression at or near "THEN"'),
    ("SL001", "m/1.sql", 7, 58, "syntax error at end of input"),
    ("SL001", "m/1.sql", 8, 16, 'in the PL/pgSQL body: missing expression at or near "then"'),
    # The token is there twice: the finding points at the whole body.
    ("SL001", "m/1.sql", 9, 57, 'in the PL/pgSQL body: syntax error at or near "then"'),
    ("SL401", "m/1.sql", 10, 1, "`DELETE` hard-deletes rows of `notes`"),
]


def test_syntax_errors_in_function_and_do_bodies_are_located_in_the_body(tmp_path: Path) -> None:
    found, _ = lint(tmp_path, [("m/1.sql", BODIES)], ["SL001", "SL401"])
    assert found == BODY_FINDINGS


@pytest.mark.postgres
def test_postgres_rejects_each_statement_with_a_body_syntax_error(postgres: Cluster) -> None:
    postgres.create_database("body_errors", "create table notes (id int);")
    function_f = BODIES[BODIES.index("create function f") : BODIES.index("create function g")]
    others = BODIES[BODIES.index("create function g") :].splitlines()
    rejected = [
        postgres.psql("body_errors", stdin=sql).returncode != 0 for sql in (function_f, *others)
    ]
    # f, g, the DO block and h fail; the last DELETE runs.
    assert rejected == [True, True, True, True, False]
