"""The regular-expression lexer gives pglast's token boundaries and names, or defers to it."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pglast.parser import ParseError, scan

from schemalint.frontends.pg_lexer import lex
from schemalint.frontends.pg_text import COMMENTS, split_statements

ROOT = Path(__file__).parent.parent.parent
_SQL_BLOCK = re.compile(r"```sql\n(.*?)```", re.DOTALL)

Lexed = tuple[list[int], list[int], list[str]]


def _pglast(text: str) -> Lexed | None:
    """Non-comment tokens as ``lex`` reports them, from pglast; ``None`` if it rejects the text."""
    try:
        raw = scan(text)
    except ParseError:
        return None
    kept = [t for t in raw if t.name not in COMMENTS]
    return [t.start for t in kept], [t.end + 1 for t in kept], [t.name for t in kept]


def _assert_agrees(text: str) -> bool:
    """``lex`` matches pglast on ``text`` or defers to it; whether it lexed the text itself."""
    mine = lex(text, 0, len(text))
    if mine is None:
        return False
    assert mine == _pglast(text), text
    return True


def _assert_agrees_on_statements(text: str) -> None:
    """...and on each statement, lexed where it stands in the file, as the frontend does."""
    whole = _pglast(text)
    if whole is None:
        return
    starts, ends, names = whole
    for first, last, _ in split_statements(names):
        start, end = starts[first], ends[last]
        mine = lex(text, start, end)
        if mine is not None:
            expected = _pglast(text[start:end])
            assert expected is not None
            shifted = ([s + start for s in expected[0]], [e + start for e in expected[1]])
            assert mine == (*shifted, expected[2]), text[start:end]


def _repository_sql() -> list[tuple[str, str]]:
    files = sorted(ROOT.glob("tests/**/*.sql")) + sorted(ROOT.glob("examples/**/*.sql"))
    texts = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in files]
    for page in sorted((ROOT / "rules").glob("*.md")):
        for n, block in enumerate(_SQL_BLOCK.findall(page.read_text(encoding="utf-8"))):
            texts.append((f"{page.name}#{n}", block))
    return texts


def test_lexer_agrees_with_pglast_on_every_sql_file_and_rule_example() -> None:
    texts = _repository_sql()
    lexed = 0
    for _, text in texts:
        lexed += _assert_agrees(text)
        _assert_agrees_on_statements(text)
    # Only text pglast rejects or the lexer does not cover (MySQL backticks) is deferred.
    assert len(texts) - lexed <= 3


def test_lexer_agrees_with_pglast_on_the_bench_history(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    for path in generate.generate(tmp_path, 500, seed=7):
        text = path.read_text(encoding="utf-8")
        assert _assert_agrees(text), path.name
        _assert_agrees_on_statements(text)


_TRICKY = [
    "'a'\n'b' x",
    "'a' -- c\n 'b'",
    "'a'  'b'",
    "e'a\\'b' x",
    "e'\\\\''",
    "b'01''10'",
    "x'ff'\n'00'",
    "N'ab'",
    "U&'x' UESCAPE '!'",
    'U&"a b" x',
    '"a""b"',
    "1..2",
    "1_000 0x1F 0x1e 0o17 0b101 0017 2147483647 2147483648 0x80000000",
    "1.5e3 .5 1. 1.e5 1.5.3 ..5 ...",
    "$1 $$x$$ $a$ $b$ $a$ $A$x$a$A$ a$$b$$ $q$ $Q$ $q$",
    "a::int[] x=>1 a:=1 :::",
    "+- @- =- <=- != <> <=> =>- <>- !=- @-+ +-+ *- ~~* */",
    "a--b\nc a/*x*/b /* a /* b */ c */ d a-/*c*/",
    "é naïve \u212aey \xa0 a\u2028b",
    "with ordinality not between nulls first if exists begin atomic end",
    "{ \\ x' 1e 1x 1_ 0x $ $a$ \"\" e'\\0' e'\\u0041'",
]


@pytest.mark.parametrize("sql", _TRICKY)
def test_lexer_agrees_with_pglast_on_tricky_adjacency(sql: str) -> None:
    _assert_agrees(sql)


def test_lexer_names_literals_numbers_and_operators_as_pglast() -> None:
    sql = "n'ab' U&\"a\" 1..2 2147483648 $1 $$x$$ x::int[] =- @-"
    assert lex(sql, 0, len(sql)) == _pglast(sql)
    assert lex(sql, 0, len(sql)) == (
        [0, 1, 6, 12, 13, 15, 17, 28, 31, 37, 38, 40, 43, 44, 46, 47, 49],
        [1, 5, 11, 13, 15, 16, 27, 30, 36, 38, 40, 43, 44, 45, 47, 48, 51],
        [
            *("NCHAR", "SCONST", "UIDENT", "ICONST", "DOT_DOT", "ICONST", "FCONST", "PARAM"),
            *("SCONST", "IDENT", "TYPECAST", "INT_P", "ASCII_91", "ASCII_93", "ASCII_61"),
            *("ASCII_45", "Op"),
        ],
    )


def test_lexer_defers_to_pglast_where_it_is_not_sure() -> None:
    for sql in ("'open", "/* a /* nested */ */ b", "e'\\200'", "1e", "a {", "a\0b", "+" * 64):
        assert lex(sql, 0, len(sql)) is None, sql


_PIECES = st.sampled_from(
    [
        " ",
        "\n",
        "\t",
        "\v",
        "\r\n",
        "-- c\n",
        "/* c */",
        "/* a /* b */ c */",
        "/*+*/",
        "a",
        "Tenant_id",
        "é",
        "\u212a",
        "_x$",
        "select",
        "IF",
        "exists",
        "Begin",
        "atomic",
        "end",
        "e",
        "E",
        "b",
        "x",
        "n",
        "N",
        "u",
        "U",
        "&",
        "'",
        "''",
        "'a'",
        "'it''s'",
        "'*/ --'",
        "e'\\''",
        "E'\\\\'",
        "e'\\n'",
        "b'01'",
        "X'fF'",
        "n'x'",
        "U&'a'",
        'U&"a"',
        '"',
        '"q"',
        '"a""b"',
        '""',
        "$",
        "$$",
        "$1",
        "$2147483648",
        "$a$",
        "$A$",
        "$$x$$",
        "$a$ $b$ $a$",
        "$€$ x $€$",
        "0",
        "1",
        "42",
        "1_000",
        "1_",
        "0x1F",
        "0x",
        "0o7",
        "0b1",
        ".",
        "..",
        "1.",
        ".5",
        "1.5e3",
        "1e",
        "e3",
        "2147483648",
        "9999999999",
        "::",
        ":",
        ":=",
        "=>",
        "<=",
        ">=",
        "<>",
        "!=",
        "+",
        "-",
        "*",
        "/",
        "%",
        "^",
        "<",
        ">",
        "=",
        "~",
        "!",
        "@",
        "#",
        "&&",
        "|",
        "`",
        "?",
        "+-",
        "-+",
        "*/",
        "/-",
        "(",
        ")",
        "[",
        "]",
        ",",
        ";",
        "{",
        "\\",
    ]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
@example("a--b")
@example("1..2")
@example("$$x$$")
@example("$a$ $b$ $a$")
@example("e'\\\\''")
@example('U&"a"')
@example("x::int[]")
@example("+-")
@example("'*/'")
@example("'a'\n'b'")
def test_lexer_agrees_with_pglast_on_random_token_soup(sql: str) -> None:
    _assert_agrees(sql)
