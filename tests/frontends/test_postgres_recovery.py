from __future__ import annotations

import dataclasses

import pytest

from schemalint import ir
from schemalint.source import SourceFile, Span
from tests.frontends.pg_helpers import PATH, parse, ref, span, text_of


def _position(sql: str, where: Span) -> tuple[int, int]:
    position = SourceFile(PATH, sql).position(where.start)
    return position.line, position.column


def test_non_ascii_text_before_statements_keeps_str_offsets() -> None:
    sql = (
        "-- Migration: crée la table 🚀 (ünïcødé)\n"
        "COMMENT ON SCHEMA public IS 'données 😀';\n"
        "CREATE TABLE café (id int REFERENCES naïve(id), note text DEFAULT '🎉');"
    )
    comment, table = parse(sql)
    assert comment == ir.Opaque(
        span(sql, "COMMENT ON SCHEMA public IS 'données 😀'"), "CommentStmt"
    )
    assert isinstance(table, ir.CreateTable)
    assert table.table == ref(sql, "café", "café")
    fk, note = table.columns
    assert text_of(sql, fk.span) == "id int REFERENCES naïve(id)"
    assert fk.constraints[0].references == ir.ForeignKeyRef(
        ref(sql, "naïve", "naïve"), ("id",), None, None, span(sql, "REFERENCES naïve(id)")
    )
    assert text_of(sql, note.span) == "note text DEFAULT '🎉'"
    assert note.default_sql == "'🎉'"


def test_crlf_file_spans_stop_before_the_line_break() -> None:
    sql = "CREATE TABLE a (\r\n  id int\r\n);\r\n\r\nALTER TABLE a ADD COLUMN b text;\r\n"
    table, add = parse(sql)
    assert text_of(sql, table.span) == "CREATE TABLE a (\r\n  id int\r\n)"
    assert isinstance(add, ir.AddColumn)
    assert text_of(sql, add.span) == "ALTER TABLE a ADD COLUMN b text"
    assert _position(sql, add.span) == (5, 1)
    assert text_of(sql, add.column.span) == "b text"


def test_one_broken_statement_is_located_and_the_others_still_convert() -> None:
    sql = (
        "CREATE TABLE a (id int);\n"
        "-- é 😀 before the typo\n"
        "INSERT INTO a VALUES (1);\n"
        "  selec * from a;\n"
        "CREATE INDEX a_id ON a (id);\n"
        "DELETE FROM a"
    )
    table, insert, broken, index, delete = parse(sql)
    assert broken == ir.Unparsable(span(sql, "selec"), 'syntax error at or near "selec"')
    assert _position(sql, broken.span) == (4, 3)
    assert isinstance(table, ir.CreateTable)
    assert insert == ir.Opaque(span(sql, "INSERT INTO a VALUES (1)"), "InsertStmt")
    assert index == ir.CreateIndex(
        span(sql, "CREATE INDEX a_id ON a (id)"), "a_id", ref(sql, "a", "a", after="ON"), ("id",)
    )
    assert delete == ir.Delete(
        span(sql, "DELETE FROM a"),
        ref(sql, "a", "a", after="DELETE FROM"),
        has_where=False,
        head_span=span(sql, "DELETE FROM a"),
    )


def test_error_on_the_terminating_semicolon_points_at_it() -> None:
    sql = "CREATE TABLE a (id int;\nCREATE TABLE b (id int);"
    broken, table = parse(sql)
    assert broken == ir.Unparsable(span(sql, ";"), 'syntax error at or near ";"')
    assert isinstance(table, ir.CreateTable)
    assert table.table.name == "b"


def test_error_at_end_of_input_points_at_the_last_token() -> None:
    sql = "CREATE TABLE b (id int);\nCREATE TABLE a (id int"
    table, broken = parse(sql)
    assert isinstance(table, ir.CreateTable)
    last = Span(PATH, sql.rindex("int"), len(sql))
    assert broken == ir.Unparsable(last, "syntax error at end of input")


@pytest.mark.parametrize(
    ("tail", "token", "message"),
    [
        (
            "INSERT INTO a VALUES ('oops);\nDROP TABLE a;",
            "'oops",
            'unterminated quoted string at or near "\'oops);"',
        ),
        (
            "DO $$ BEGIN NULL; END;\nDROP TABLE a;",
            "$$",
            'unterminated dollar-quoted string at or near "$$ BEGIN NULL; END;"',
        ),
        (
            'SELECT "oops;\nDROP TABLE a;',
            '"oops',
            'unterminated quoted identifier at or near ""oops;"',
        ),
        ("/* no end\nDROP TABLE a;", "/*", 'unterminated /* comment at or near "/* no end"'),
    ],
)
def test_unterminated_literal_makes_the_rest_one_unparsable(
    tail: str, token: str, message: str
) -> None:
    sql = "CREATE TABLE a (id int);\n" + tail + "\n"
    table, broken = parse(sql)
    assert isinstance(table, ir.CreateTable)
    assert broken == ir.Unparsable(Span(PATH, sql.index(token), len(sql) - 1), message)


def test_empty_comment_only_and_blank_files_have_no_statements() -> None:
    assert parse("") == ()
    assert parse("  \n\t\r\n") == ()
    assert parse("-- nothing here\n/* nor /* nested */ here */\n") == ()
    assert parse(";;\n;") == ()


def test_leading_and_trailing_comments_are_outside_the_statement_span() -> None:
    sql = "/* a /* nested */ comment */ -- and a line\nDROP TABLE t -- why: obsolete\n;"
    [drop] = parse(sql)
    assert drop.span == span(sql, "DROP TABLE t")


def test_begin_atomic_body_is_one_statement_when_recovering() -> None:
    sql = (
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql\n"
        "BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; DELETE FROM t; END;\n"
        "selec 1;"
    )
    function, broken = parse(sql)
    assert isinstance(function, ir.CreateFunction)
    assert text_of(sql, function.span) == sql[: sql.index("END;\nselec") + 3]
    assert [type(s).__name__ for s in function.body] == ["Opaque", "Delete"]
    assert broken == ir.Unparsable(span(sql, "selec"), 'syntax error at or near "selec"')


def test_undecodable_bytes_become_one_unparsable() -> None:
    sql = "CREATE TABLE a (id int);\nSELECT '\udcff';"
    assert parse(sql) == (
        ir.Unparsable(
            Span(PATH, sql.index("\udcff"), sql.index("\udcff") + 1),
            'invalid byte sequence for encoding "UTF8"',
        ),
    )


def _spans(statement: object) -> list[Span]:
    found: list[Span] = []
    if isinstance(statement, Span):
        return [statement]
    if isinstance(statement, tuple):
        for item in statement:
            found.extend(_spans(item))
    elif dataclasses.is_dataclass(statement):
        for field in dataclasses.fields(statement):
            found.extend(_spans(getattr(statement, field.name)))
    return found


def test_every_prefix_of_a_migration_parses_without_raising_and_spans_stay_in_the_file() -> None:
    sql = (
        "CREATE TABLE t (id uuid PRIMARY KEY, org uuid REFERENCES o(id), n text DEFAULT 'é');\n"
        "ALTER TABLE t ADD COLUMN x int NOT NULL, DROP COLUMN y;\n"
        'CREATE POLICY "p" ON t FOR SELECT USING (org = auth.uid());\n'
        "DO $$ BEGIN DELETE FROM t WHERE id IS NULL; END $$;\n"
        "DELETE FROM t AS x WHERE x.n = 'a';"
    )
    for end in range(0, len(sql) + 1, 3):
        prefix = sql[:end]
        for statement in parse(prefix):
            for where in _spans(statement):
                assert 0 <= where.start <= where.end <= len(prefix), (end, statement)


def test_nul_byte_is_one_unparsable_and_does_not_hide_later_statements() -> None:
    sql = "CREATE TABLE a (id int);\0 DELETE FROM users;"
    table, nul, delete = parse(sql)
    assert isinstance(table, ir.CreateTable)
    assert nul == ir.Unparsable(
        Span(PATH, sql.index("\0"), sql.index("\0") + 1),
        'invalid byte sequence for encoding "UTF8": 0x00',
    )
    assert delete == ir.Delete(
        span(sql, "DELETE FROM users"),
        ref(sql, "users", "users"),
        has_where=False,
        head_span=span(sql, "DELETE FROM users"),
    )


def test_comment_on_statements_survive_recovery() -> None:
    sql = "COMMENT ON TABLE t IS 'x';\nselec 1;\nCOMMENT ON COLUMN t.a IS 'y';"
    first, broken, last = parse(sql)
    assert first == ir.Opaque(span(sql, "COMMENT ON TABLE t IS 'x'"), "CommentStmt")
    assert broken == ir.Unparsable(span(sql, "selec"), 'syntax error at or near "selec"')
    assert last == ir.Opaque(span(sql, "COMMENT ON COLUMN t.a IS 'y'"), "CommentStmt")


def test_a_statement_a_thousand_levels_deep_converts_and_a_deeper_one_is_located() -> None:
    # libpg_query parses both; their JSON trees are ~1,010 and ~1,050 levels deep. The parse
    # tree is decoded down to 1,024 levels whatever the caller's stack (json.loads stopped at
    # Python's recursion limit less the frames already in use, ~950 levels in a lint run).
    deep = "DELETE FROM t WHERE a > 1" + " + 1" * 500
    deeper = "DELETE FROM t WHERE a > 1" + " + 1" * 520
    sql = f"{deep};\n{deeper};\nDROP TABLE t;"
    delete, broken, drop = parse(sql)
    assert delete == ir.Delete(
        span(sql, deep),
        ref(sql, "t", "t", after="DELETE FROM"),
        has_where=True,
        head_span=span(sql, "DELETE FROM t"),
        where_sql=deep.removeprefix("DELETE FROM t WHERE "),
    )
    # The span of a statement that did not parse alone runs to its semicolon (its last token).
    assert broken == ir.Unparsable(
        span(sql, deeper + ";"), "stack depth limit exceeded: the statement is nested too deeply"
    )
    assert drop == ir.DropTable(
        span(sql, "DROP TABLE t"), (ref(sql, "t", "t", after="DROP TABLE"),)
    )
