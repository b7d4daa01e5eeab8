"""Down sections are masked and placeholders substituted, every offset kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemalint.inputs.discovery import discover
from schemalint.inputs.placeholders import substitute
from schemalint.source import SourceFile
from tests.trees import write_tree


def _only_file(tmp_path: Path, name: str, text: str) -> SourceFile:
    write_tree(tmp_path, {name: text})
    (stream,) = discover([Path(name).parent], cwd=tmp_path).streams
    (source,) = stream.files
    return source


def _assert_masked_exactly(source: SourceFile, hidden: str) -> None:
    """``hidden`` (a unique part of the text) is blank in ``masked``; all else is unchanged."""
    start = source.text.index(hidden)
    end = start + len(hidden)
    assert len(source.masked) == len(source.text)
    for index, (original, masked) in enumerate(zip(source.text, source.masked, strict=True)):
        if start <= index < end and original not in "\r\n":
            assert masked == " ", index
        else:
            assert masked == original, index


def test_dbmate_down_section_is_blanked_with_lines_kept(tmp_path: Path) -> None:
    down = "-- migrate:down\ndrop table t;\ndelete from u;\n"
    text = "-- migrate:up\ncreate table t (id int);\n" + down
    source = _only_file(tmp_path, "db/20240101000000_a.sql", text)
    _assert_masked_exactly(source, down)
    assert source.masked.count("\n") == text.count("\n")


def test_dbmate_down_section_ends_at_the_next_up_section(tmp_path: Path) -> None:
    down = "-- migrate:down\ndrop table t;\n"
    text = "-- migrate:up\ncreate table t();\n" + down + "-- migrate:up\ncreate table u();\n"
    _assert_masked_exactly(_only_file(tmp_path, "db/1_a.sql", text), down)


def test_goose_down_section_is_blanked_and_statement_markers_stay(tmp_path: Path) -> None:
    down = "-- +goose Down\n-- +goose StatementBegin\nDROP TABLE t;\n-- +goose StatementEnd\n"
    text = (
        "-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE t (id int);\n"
        "-- +goose StatementEnd\n\n" + down
    )
    _assert_masked_exactly(_only_file(tmp_path, "g/00001_a.sql", text), down)


def test_goose_annotations_are_case_insensitive(tmp_path: Path) -> None:
    down = "-- +goose down\r\ndrop table t;\r\n"
    text = "-- +goose up\r\ncreate table t();\r\n" + down
    _assert_masked_exactly(_only_file(tmp_path, "g/1_a.sql", text), down)


def test_migrate_down_in_the_middle_of_a_line_is_not_an_annotation(
    tmp_path: Path,
) -> None:
    text = "select '-- migrate:down';\n"
    source = _only_file(tmp_path, "p/1_a.sql", text)
    assert source.masked == text


def test_psql_variables_are_substituted_in_discovered_files(tmp_path: Path) -> None:
    text = "create schema :schema;\nselect :'name', :\"col\", '1'::int;\n"
    source = _only_file(tmp_path, "p/a.sql", text)
    assert source.text == text
    assert source.masked == "create schema _schema;\nselect '_name', \"_col\", '1'::int;\n"


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("select :v", "select _v"),
        ("where id=:id and x=(:y)", "where id=_id and x=(_y)"),
        ("select :'v' || :\"t\"", "select '_v' || \"_t\""),
        ("select a::int, b::text[]", "select a::int, b::text[]"),
        ('select x::"MyType"', 'select x::"MyType"'),
        ("v := :x;", "v := _x;"),
        ("select arr[1:n], arr[lo:hi], f(x)[1:2]", "select arr[1:n], arr[lo:hi], f(x)[1:2]"),
        ("select arr[:2], arr[ :3]", "select arr[:2], arr[ :3]"),
        ("select x from t where a = any(:ids)", "select x from t where a = any(_ids)"),
        ("select 'a:b', E'x\\' :v", "select 'a:b', E'x\\' :v"),
        ("select E'x\\\\' :v", "select E'x\\\\' _v"),
        (
            "do $body$ x := :a; $body$; select U&'d:v' || :w",
            "do $body$ x := :a; $body$; select U&'d:v' || _w",
        ),
        ("select ':v', E'\\':v', 'it''s :v'", "select ':v', E'\\':v', 'it''s :v'"),
        ('select ":v" from t', 'select ":v" from t'),
        ("select 1 -- :v\n, :w", "select 1 -- :v\n, _w"),
        ("/* :v /* nested */ :v */ :w", "/* :v /* nested */ :v */ _w"),
        ("do $$ begin x := :v; end $$; select :w", "do $$ begin x := :v; end $$; select _w"),
        ("select $tag$ :v $tag$, :w", "select $tag$ :v $tag$, _w"),
        ("select $1, a$b, :w", "select $1, a$b, _w"),
        ("select :'not valid", "select :'not valid"),
        ("create table ${schema}.t ()", "create table _schema__.t ()"),
        ("grant select to ${flyway:user}", "grant select to _flyway_user__"),
        ("select '${v}'", "select '_v__'"),
        ("select ':", "select ':"),
        ("select $$ :v", "select $$ :v"),
        ("/* :v", "/* :v"),
    ],
)
def test_placeholder_substitution_keeps_length_and_leaves_sql_syntax_alone(
    sql: str, expected: str
) -> None:
    result = substitute(sql)
    assert result == expected
    assert len(result) == len(sql)


def test_backslash_strings_hide_escaped_quotes_in_mysql() -> None:
    sql = "select 'it\\'s :v', :w"
    assert substitute(sql, backslash_strings=True) == "select 'it\\'s :v', _w"
    # Standard strings end at the second quote, so the rest is code and :v is substituted.
    assert substitute(sql) == "select 'it\\'s _v', :w"


def test_mysql_prisma_stream_lexes_backslash_escapes(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "m/migration_lock.toml": 'provider = "mysql"',
            "m/20240101000000_a/migration.sql": "select 'a\\':v', :w;",
        },
    )
    (stream,) = discover([Path("m")], cwd=tmp_path).streams
    assert stream.files[0].masked == "select 'a\\':v', _w;"


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab_1 :='\"$-/*\\\n{}E[]éx")),
        max_size=60,
    )
)
def test_substitution_of_any_text_keeps_its_length(text: str) -> None:
    assert len(substitute(text)) == len(text)
    assert len(substitute(text, backslash_strings=True)) == len(text)


def test_substituted_sql_parses_with_postgres() -> None:
    from pglast import parse_sql

    sql = "create schema :schema;\ncreate table ${s}.t (a int default :'d');\nselect :\"c\"::int;"
    assert [type(s.stmt).__name__ for s in parse_sql(substitute(sql))] == [
        "CreateSchemaStmt",
        "CreateStmt",
        "SelectStmt",
    ]


def test_goose_sql_above_the_first_annotation_is_blanked_and_comments_stay(
    tmp_path: Path,
) -> None:
    # goose skips comments and blank lines above `-- +goose Up` and refuses the file at any
    # other line (pressly/goose internal/sqlparser/parser.go): that line never runs.
    above = "SET lock_timeout = '5s';\r\n  SELECT 1;\n"
    text = "-- schemalint-ignore-file SL101\n\n" + above + "-- +goose Up\nCREATE TABLE t ();\n"
    _assert_masked_exactly(_only_file(tmp_path, "g/00001_a.sql", text), above)
