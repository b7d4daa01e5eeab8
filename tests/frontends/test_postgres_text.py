from __future__ import annotations

import pytest
from pglast.parser import ParseError, scan

from schemalint.frontends.postgres.text import Piece, Tokens, scan_tokens

_NON_ASCII_SQL = (
    "-- crée 🚀\n"
    'CREATE TABLE "café_ü" (naïve_col text DEFAULT \'été 😀\', "ß" int);\n'
    "/* commentaire: ça /* imbriqué */ marche */ SELECT $€$ x $€$, $$ à $$, U&'\\00e9', é + 1;"
)


def test_scan_tokens_matches_pglast_scan_on_non_ascii_text() -> None:
    assert scan_tokens(_NON_ASCII_SQL) == scan(_NON_ASCII_SQL)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT é'', 1",  # a stand-in "x" made this the hex string x''
        "SELECT éml",  # and this the keyword XML
    ],
)
def test_scan_tokens_stand_in_makes_no_literal_nor_keyword(sql: str) -> None:
    assert scan_tokens(sql) == scan(sql)


def test_scan_tokens_reports_errors_with_the_real_text() -> None:
    with pytest.raises(ParseError) as raised:
        scan_tokens("SELECT 1; SELECT 'é 😀")
    assert raised.value.args == ('unterminated quoted string at or near "\'é 😀"', 17)


def test_byte_offsets_become_str_offsets() -> None:
    text = "é😀a€"
    piece = Piece("p.sql", text)
    assert [piece.loc(b) for b in (0, 2, 6, 7, 10)] == [0, 1, 2, 3, 4]


def test_tokens_of_a_statement_are_str_offsets_in_the_piece_without_comments() -> None:
    text = "SELECT 1;\nINSERT INTO \"café\" /* ça */ VALUES ('😀', $€$ é $€$) -- fin"
    start = text.index("INSERT")
    tokens = Tokens(text, start, len(text))
    spelled = [text[a:b] for a, b in zip(tokens.starts, tokens.ends, strict=True)]
    assert spelled == ["INSERT", "INTO", '"café"', "VALUES", "(", "'😀'", ",", "$€$ é $€$", ")"]
    assert tokens.starts == [10, 17, 22, 38, 45, 46, 49, 51, 60]
    assert tokens.names == [
        *("INSERT", "INTO", "IDENT", "VALUES", "ASCII_40", "SCONST", "ASCII_44", "SCONST"),
        "ASCII_41",
    ]


def test_tokens_of_text_the_scanner_rejects_are_empty() -> None:
    tokens = Tokens("SELECT 'é", 0, 9)
    assert (tokens.starts, tokens.ends, tokens.names) == ([], [], [])
