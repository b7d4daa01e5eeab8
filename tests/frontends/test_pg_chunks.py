"""Chunked parsing of large PostgreSQL files: the boundaries and the IR they give."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pglast.parser import ParseError

from schemalint import ir
from schemalint.frontends.postgres import chunks as pg_chunks
from schemalint.frontends.postgres import frontend as postgres
from schemalint.frontends.postgres.text import Piece, scan_tokens
from schemalint.source import Span

ROOT = Path(__file__).parents[2]
SQL_FILES = sorted(
    p for folder in ("tests", "examples") for p in (ROOT / folder).rglob("*.sql") if p.is_file()
)
PATH = "big.sql"


def _scanner_semicolons(text: str) -> list[int]:
    return [t.start for t in scan_tokens(text) if t.name == "ASCII_59"]


def _whole_and_chunked(text: str) -> tuple[list[ir.Statement], list[ir.Statement]]:
    """The IR of ``text`` parsed at once, and parsed one statement per chunk."""
    whole = postgres.convert_text(Piece(PATH, text))
    chunked = list(pg_chunks.convert(Piece(PATH, text), postgres.convert_text, above=0, size=1))
    return whole, chunked


def test_the_corpus_has_sql_files() -> None:
    assert len(SQL_FILES) > 100


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_semicolons_are_the_scanners_on_every_sql_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    try:
        expected = _scanner_semicolons(text)
    except ParseError:
        pytest.skip("the scanner rejects this file")
    assert list(pg_chunks.semicolons(text)) == expected


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_parsing_every_sql_file_one_statement_per_chunk_gives_the_same_ir(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="surrogateescape").replace("\0", " ")
    whole, chunked = _whole_and_chunked(text)
    assert chunked == whole


# Fragments chosen to meet each other at the places where a lexer can go wrong: a prefix
# letter before a quote, a ``$`` after a name or a number, a comment marker inside a
# literal, a doubled or escaped quote, a dollar tag that is not the closing one.
_FRAGMENTS = [
    ";",
    " ",
    "\n",
    "e",
    "E",
    "x",
    "U&",
    "1",
    "1.5",
    "_",
    "é",
    "$",
    "$$",
    "$a$",
    "$b$",
    "$1",
    "'",
    "''",
    "\\",
    "\\'",
    '"',
    '""',
    "--",
    "/*",
    "*/",
    "-",
    "/",
    "*",
    "(",
    "select",
    "begin atomic",
    "end",
]


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30).map("".join))
def test_semicolons_are_the_scanners_on_generated_sql(text: str) -> None:
    found = list(pg_chunks.semicolons(text))
    try:
        expected = _scanner_semicolons(text)
    except ParseError:
        # Text the scanner rejects: the lexer only has to give ``;`` offsets, in order.
        assert found == sorted(set(found))
        assert all(text[i] == ";" for i in found)
        return
    assert found == expected


def test_an_escaped_string_continued_on_the_next_line_keeps_backslash_escapes() -> None:
    text = "SELECT E'a'\n  -- comment\n'b\\';' ;"
    assert list(pg_chunks.semicolons(text)) == [len(text) - 1]


def test_a_dollar_after_a_name_is_part_of_it_and_after_a_number_opens_a_quote() -> None:
    assert list(pg_chunks.semicolons("SELECT a$$b; SELECT 1 + $1$$;$$;")) == [11, 31]


def test_nested_block_comments_hide_semicolons_until_the_outer_one_closes() -> None:
    assert list(pg_chunks.semicolons("/* a /* b; */ c; */ SELECT 1;")) == [28]


def test_an_unterminated_literal_hides_every_later_semicolon() -> None:
    assert list(pg_chunks.semicolons("SELECT 1; SELECT 'a; SELECT 2;")) == [8]


def test_chunks_end_after_the_first_semicolon_past_the_size() -> None:
    text = "SELECT 1; SELECT 22;\nSELECT 333; -- tail"
    assert list(pg_chunks.chunk_bounds(text, 10)) == [(0, 20), (20, 32), (32, 40)]


def test_a_chunk_never_ends_inside_a_begin_atomic_body() -> None:
    text = (
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
        "SELECT 3;"
    )
    assert list(pg_chunks.chunk_bounds(text, 1)) == [(0, 82), (82, 92)]
    whole, chunked = _whole_and_chunked(text)
    assert chunked == whole


@pytest.mark.parametrize("atomic", ["atomic", "ATOMIC", "Atomic", "aTOMIC"])
def test_a_begin_atomic_body_in_any_case_keeps_its_semicolons(atomic: str) -> None:
    text = f"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN {atomic} SELECT 1; END;\nSELECT 3;"
    assert list(pg_chunks.chunk_bounds(text, 1)) == [(0, 72), (72, 82)]


def test_a_chunk_that_does_not_parse_is_recovered_alone() -> None:
    text = "DELETE FROM a;\nSELECT FROM WHERE;\nDELETE FROM b;"
    chunked = list(pg_chunks.convert(Piece(PATH, text), postgres.convert_text, above=0, size=1))
    assert [(type(s).__name__, s.span) for s in chunked] == [
        ("Delete", Span(PATH, 0, 13)),
        ("Unparsable", Span(PATH, 27, 32)),
        ("Delete", Span(PATH, 34, 47)),
    ]
    assert isinstance(chunked[1], ir.Unparsable)
    assert chunked[1].message == 'syntax error at or near "WHERE"'


def test_text_up_to_the_threshold_is_parsed_whole() -> None:
    calls: list[Piece] = []

    def convert(piece: Piece) -> list[ir.Statement]:
        calls.append(piece)
        return []

    list(pg_chunks.convert(Piece(PATH, "SELECT 1; SELECT 2;"), convert, above=19, size=1))
    list(pg_chunks.convert(Piece(PATH, "SELECT 1; SELECT 2;"), convert, above=18, size=1))
    assert [(p.text, p.base) for p in calls] == [
        ("SELECT 1; SELECT 2;", 0),
        ("SELECT 1;", 0),
        (" SELECT 2;", 9),
    ]
