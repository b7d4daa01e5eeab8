"""The shared lexing primitives end comments, strings, quoted names and dollar quotes where
PostgreSQL's own scanner (pglast's) ends those tokens."""

from __future__ import annotations

import pytest
from pglast.parser import scan

from schemalint.inputs.comments import lex_sql
from schemalint.inputs.lexing import continues_word, dollar_quote, skip_blank, skip_quoted

# Each text is one statement whose tokens cover every opener ``skip_quoted`` knows (no string
# continued on the next line: the scanner makes one token of 'a'\n'b', the primitives two).
TEXTS = [
    "SELECT 'it''s', E'a\\'b\\\\', e'x''y', \"q\"\"x\", $$a ' -- $$, $b$ $$ $b$;",
    "SELECT 'é 😀' /* a /* b */ c */ -- fin é\n, $ü$ x $u$ $ü$, $_1$ $_1$;",
    "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1 $body$; -- done",
    "SELECT x$$b$ , a$e'no-escape\\', \"$$\", '/*' , 1 -- trailing",
]


@pytest.mark.parametrize("text", TEXTS)
def test_quoted_tokens_and_comments_end_where_postgresql_ends_them(text: str) -> None:
    checked = 0
    for token in scan(text):
        opener = text[token.start : token.start + 2]
        if opener[0] in "'\"$-/" or (opener[0] in "eE" and opener[1:] == "'"):
            assert skip_quoted(text, token.start, len(text)) == token.end + 1, token
            checked += 1
    assert checked >= 2


@pytest.mark.parametrize("text", TEXTS)
def test_a_dollar_inside_a_name_opens_no_quote(text: str) -> None:
    for token in scan(text):
        spelled = text[token.start : token.end + 1]
        if token.name == "IDENT" and spelled[0] != '"' and "$" in spelled:
            first = text.index("$", token.start + 1)
            assert continues_word(text, first)
            assert skip_quoted(text, first, len(text)) == first + 1


def test_dollar_quote_gives_body_and_end_and_runs_to_the_end_when_unclosed() -> None:
    text = "$a$ x $b$ $a$ $$ open"
    assert dollar_quote(text, 0, len(text)) == (3, 10, 13)
    assert dollar_quote(text, 14, len(text)) == (16, len(text), len(text))
    assert dollar_quote(text, 0, 8) == (3, 8, 8)
    assert [dollar_quote(t, 0, len(t)) for t in ("$1", "$", "$ a$")] == [None, None, None]


def test_skip_quoted_is_none_where_nothing_opens() -> None:
    assert [skip_quoted(t, 0, len(t)) for t in (";", ":x", "e", "-", "/")] == [None] * 5


def test_skip_blank_steps_over_whitespace_line_and_nested_block_comments() -> None:
    text = " \n-- a\n/* b /* c */ d */\t-- e\nSELECT"
    assert skip_blank(text, 0, len(text)) == text.index("SELECT")


def test_suppression_comment_after_a_name_holding_dollars_is_found() -> None:
    # a$$b$ is a name, not the opening of a $b$ quote that would swallow the comment.
    text = "SELECT 1 AS a$$b$;\n-- schemalint: disable=SL001\nSELECT $b$x$b$;\n"
    assert [t.name for t in scan(text)][4:6] == ["ASCII_59", "SQL_COMMENT"]
    (comment,) = lex_sql(text).comments
    assert (comment.start, comment.body) == (19, " schemalint: disable=SL001")
