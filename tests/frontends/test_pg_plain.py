"""Token ends found without the scanner in comment-free SQL (``frontends.postgres.plain``):
the IR they give is the scanner's, and they are used where they apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemalint import ir
from schemalint.frontends.postgres import alter, tables
from schemalint.frontends.postgres import frontend as postgres
from schemalint.frontends.postgres.plain import Plain, comment_free
from schemalint.frontends.postgres.text import Piece, Stmt
from schemalint.source import SourceFile

ROOT = Path(__file__).parents[2]
SQL_FILES = sorted(
    p for folder in ("tests", "examples") for p in (ROOT / folder).rglob("*.sql") if p.is_file()
)


def _both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """The IR of ``text`` as converted, and with every end found by the scanner."""
    source = SourceFile("m.sql", text)
    fast = postgres.parse(source)
    with monkeypatch.context() as patch:
        patch.setattr(tables, "_stretches", lambda node, starts, stmt: [None] * len(starts))
        patch.setattr(alter._Segments, "alone", lambda self, node: None)
        scanned = postgres.parse(source)
    return fast, scanned


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_sql_file_gives_the_scanners_ir(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    fast, scanned = _both_ways(text, monkeypatch)
    assert fast == scanned


_NAMES = ["a", "Id", '"Quoted col"', '"we""ird"', '"a)b"', "café", "x$y", "references2"]
_TYPES = ["int", "text", "varchar(20)", "numeric(10, 2)", "uuid", "int[]", 'text COLLATE "C"']
_DEFAULTS = [
    "0",
    "'x, y'",
    "now()",
    "'{}'::jsonb",
    "(1 + 2) * 3",
    "coalesce(null, 'a--b')",
    "'/*'",
    "E'a\\'b'",
    "$$d$$",
]
_TABLES = ["t2", "public.t2", '"T 2"', "public . t2", 's."t(2)"', "café"]
_KEYS = ["", "(id)", "( id )", '("id", b)', '("a)b")', "(x$y)"]
_BLANKS = [" ", " ", "\n", "\t", "\r\n", "\f", "\v", " /* c, ) */ ", " -- c, (\n"]
_TAILS = ["", " WITH (fillfactor = 70)", " INHERITS (p)", " TABLESPACE ts", " -- tail\n"]

_blank = st.sampled_from(_BLANKS)
_references = st.builds(
    lambda kw, b1, table, b2, keys, action: f"{kw}{b1}{table}{b2 if keys else ''}{keys}{action}",
    st.sampled_from(["REFERENCES", "references"]),
    _blank,
    st.sampled_from(_TABLES),
    _blank,
    st.sampled_from(_KEYS),
    st.sampled_from(["", " ON DELETE CASCADE", " MATCH FULL"]),
)
_inline = st.one_of(
    st.sampled_from(["NOT NULL", "NULL", "PRIMARY KEY", "UNIQUE", "CHECK (a > 0)"]),
    st.sampled_from(_DEFAULTS).map("DEFAULT ".__add__),
    _references,
    st.sampled_from(_DEFAULTS).map("CONSTRAINT d DEFAULT ".__add__),
    _references.map("CONSTRAINT f ".__add__),
)
_column = st.builds(
    lambda name, b, kind, constraints: f"{name}{b}{kind}" + "".join(constraints),
    st.sampled_from(_NAMES),
    _blank,
    st.sampled_from(_TYPES),
    st.lists(st.tuples(_blank, _inline).map("".join), max_size=3),
)
_table_constraint = st.one_of(
    st.sampled_from(["PRIMARY KEY (a)", "UNIQUE (a, b)", "CHECK (a <> '')", "LIKE other"]),
    _references.map("FOREIGN KEY (a) ".__add__),
)
_element = st.tuples(_blank, st.one_of(_column, _table_constraint), _blank).map("".join)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(
    st.lists(_element, max_size=5),
    st.lists(st.sampled_from([",", " ,", ",\n", ", -- x\n", " /*,*/,"]), min_size=4, max_size=4),
    st.sampled_from(_TAILS),
    _element,
)
def test_generated_create_and_alter_tables_give_the_scanners_ir(
    elements: list[str], separators: list[str], tail: str, added: str
) -> None:
    body = "".join(
        e + (separators[i] if i < len(elements) - 1 else "") for i, e in enumerate(elements)
    )
    text = f"CREATE TABLE t ({body}){tail};\nALTER TABLE t ADD {added};"
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, scanned = _both_ways(text, monkeypatch)
    assert fast == scanned


def _stretches(sql: str) -> list[str | None]:
    """The text of each element's stretch (``None``: left to the scanner)."""
    tree = postgres.decode(postgres.parse_sql_json(sql))
    node = tree["stmts"][0]["stmt"]["CreateStmt"]
    stmt = Stmt(Piece("m.sql", sql), 0, len(sql.rstrip("; ")))
    starts = [tables._start_of(element, stmt) for element in node["tableElts"]]
    found = tables._stretches(node, starts, stmt)
    return [None if s is None else sql[s.start : s.end] for s in found]


def test_each_element_of_a_comment_free_table_ends_without_the_scanner() -> None:
    sql = "CREATE TABLE t (\n  id int PRIMARY KEY ,\n  b text DEFAULT 'x, y'\n);"
    assert _stretches(sql) == ["id int PRIMARY KEY", "b text DEFAULT 'x, y'"]


def test_an_element_with_a_comment_before_its_separator_is_left_to_the_scanner() -> None:
    sql = "CREATE TABLE t (id int -- the key\n, b text, c text /* last */)"
    assert _stretches(sql) == [None, "b text", None]


def test_the_last_element_is_left_to_the_scanner_when_clauses_follow_the_elements() -> None:
    sql = "CREATE TABLE t (a int, b int) WITH (fillfactor = 70)"
    assert _stretches(sql) == ["a int", None]


def test_an_element_before_one_without_a_location_is_left_to_the_scanner() -> None:
    sql = "CREATE TABLE t (a int, LIKE u, b int)"
    assert _stretches(sql) == [None, None, "b int"]


def test_a_comment_marker_anywhere_in_the_text_even_in_a_literal_counts_as_a_comment() -> None:
    assert not comment_free("a text DEFAULT '--'", 0, 19)
    assert not comment_free("a text DEFAULT '/*'", 0, 19)
    assert comment_free("a text DEFAULT '-/'", 0, 19)


def test_token_ends_and_starts_skip_only_postgresql_whitespace() -> None:
    text = "a int \t\r\n\f\v, b"
    stretch = Plain(text, 0, len(text))
    assert stretch.end_before(11) == 5
    assert stretch.start_after(5) == 11
    # U+00A0 is an identifier character to PostgreSQL, not a blank.
    assert Plain("a\u00a0 b", 0, 4).end_before(3) == 2


def test_a_keyword_before_a_name_is_found_only_as_a_whole_token() -> None:
    assert Plain("x References t", 0, 14).keyword_before(13, "REFERENCES") == 2
    assert Plain("xreferences t", 0, 13).keyword_before(12, "REFERENCES") is None
    assert Plain("éreferences t", 0, 13).keyword_before(12, "REFERENCES") is None
    assert Plain('"x"references t', 0, 15).keyword_before(14, "REFERENCES") == 3
    assert Plain("references t", 2, 12).keyword_before(11, "REFERENCES") is None


def test_a_parenthesized_name_list_ends_at_its_closing_parenthesis_only_when_plain() -> None:
    assert Plain('t ( a ,"b)" ) x', 0, 15).names_end(2) == 13
    assert Plain("t (a + 1) x", 0, 11).names_end(2) is None


def test_the_ir_of_a_comment_free_column_is_the_scanners(monkeypatch: pytest.MonkeyPatch) -> None:
    sql = (
        "CREATE TABLE t (id uuid CONSTRAINT pk PRIMARY KEY DEFAULT gen_random_uuid(),"
        " org uuid NOT NULL REFERENCES public.orgs (id) ON DELETE CASCADE,"
        ' "Name" text COLLATE "C" DEFAULT \'x, y\' CHECK ("Name" <> \'\'));'
    )
    fast, scanned = _both_ways(sql, monkeypatch)
    assert fast == scanned
    table = fast[0]  # type: ignore[index]
    assert isinstance(table, ir.CreateTable)
    org = table.columns[1]
    assert org.constraints[0].references is not None
    assert sql[org.span.start : org.span.end] == (
        "org uuid NOT NULL REFERENCES public.orgs (id) ON DELETE CASCADE"
    )
    span = org.constraints[0].references.span
    assert sql[span.start : span.end] == "REFERENCES public.orgs (id)"
    assert table.columns[2].default_sql == "'x, y'"
