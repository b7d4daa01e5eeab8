"""A policy's name and clauses found without the scanner (``frontends.postgres.policy_text``):
the IR is the scanner's, and the scanner is not run where the text is plain."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemalint import ir
from schemalint.frontends.postgres import frontend as postgres
from schemalint.frontends.postgres import policy_facts, text
from schemalint.frontends.postgres.policy_text import PolicyText
from schemalint.frontends.postgres.text import Piece, Stmt
from schemalint.source import SourceFile, Span

ROOT = Path(__file__).parents[2]
SQL_FILES = sorted(
    p for folder in ("tests", "examples") for p in (ROOT / folder).rglob("*.sql") if p.is_file()
)


def _both_ways(sql: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """The IR of ``sql`` in target and context mode, as converted and with the scanner
    forced for every policy; each way with no clause facts known before, so that both
    locate them."""
    source = SourceFile("m.sql", sql)
    monkeypatch.setattr(policy_facts, "_SEEN", policy_facts._Seen())
    fast = [postgres.parse(source, context=context) for context in (False, True)]
    with monkeypatch.context() as patch:
        patch.setattr(policy_facts, "_SEEN", policy_facts._Seen())
        original = PolicyText.__init__

        def scanned(self: PolicyText, stmt: Stmt) -> None:
            original(self, stmt)
            self.plain = False

        patch.setattr(PolicyText, "__init__", scanned)
        slow = [postgres.parse(source, context=context) for context in (False, True)]
    return fast, slow


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_sql_file_gives_the_scanners_policies(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = path.read_text(encoding="utf-8", errors="surrogateescape")
    if "POLICY" not in sql.upper():
        return
    fast, slow = _both_ways(sql, monkeypatch)
    assert fast == slow


_NAMES = ["p", '"tenant USING (x)"', '"we""ird ("', "Policy_1", "café", 'U&"d\\0061t"']
_TABLES = ["t", "public.t", '"T (2)"', "s . t"]
_BLANK = st.sampled_from([" ", "  ", "\n", "\t", "\r\n", "\f", "\v"])
_HEADS = ["", " AS PERMISSIVE", " AS RESTRICTIVE", " FOR SELECT", " FOR ALL TO authenticated"]
_HEADS += [' TO "using (", anon', " FOR UPDATE TO public"]
_EXPRESSIONS = [
    "true",
    "(a = 1)",
    "org_id = (select auth.uid())",
    "b IN ('x)', 'y(')",
    "b = ')' OR c = 'd'",
    "note = 'a ( b' AND \"c (\" = 1",
    "\"weird)col\" = 'it''s'",
    "arr[1] = (x)",
    "EXISTS (SELECT 1 FROM m WHERE m.id = t.id AND m.role IN ('owner', 'admin'))",
    "auth.uid() IS NULL OR auth.jwt() ->> 'org' = org_id::text",
    "coalesce((auth.jwt() -> 'app_metadata' ->> 'org'), '') = org",
    "using_col = 1",
    "$$x)$$ = b",
    "E'\\'' = b",
    "a = 1 -- c )\n",
    "a /* ) */ = 1",
    "auth.jwt() -> 'user_metadata' ->> 'org' = org",
    "(auth.jwt() -> 'user_'\n'metadata' ->> 'org') = org",
    "auth.jwt() #>> '{user_metadata,org}' = org OR auth.jwt() -> ('user_metadata') IS NULL",
    "auth.uid() Is  Null OR auth.uid() ISNULL OR (select auth.uid()) is\nnull",
    "\"f(\"(auth.uid(), 'x)') AND auth.uid(\n) = owner AND public.g() = raw_user_meta_data",
]


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(_NAMES),
    table=st.sampled_from(_TABLES),
    head=st.sampled_from(_HEADS),
    using=st.none() | st.sampled_from(_EXPRESSIONS),
    check=st.none() | st.sampled_from(_EXPRESSIONS),
    blanks=st.lists(_BLANK, min_size=6, max_size=6),
    upper=st.booleans(),
)
def test_generated_policies_give_the_scanners_ir(
    name: str,
    table: str,
    head: str,
    using: str | None,
    check: str | None,
    blanks: list[str],
    upper: bool,
) -> None:
    words = ("CREATE", "POLICY", "ON", "USING", "WITH", "CHECK")
    create, policy, on, using_word, with_word, check_word = (
        w if upper else w.lower() for w in words
    )
    sql = f"{create}{blanks[0]}{policy}{blanks[1]}{name} {on} {table}{head}"
    if using is not None:
        sql += f"{blanks[2]}{using_word}{blanks[3]}({using})"
    if check is not None:
        sql += f"{blanks[4]}{with_word}{blanks[5]}{check_word} ({blanks[5]}{check}{blanks[4]})"
    sql += ";\nALTER POLICY p ON t" + (f" USING ({using})" if using is not None else "")
    sql += (f" WITH CHECK ({check})" if check is not None else "") + ";"
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = _both_ways(sql, monkeypatch)
    assert fast == slow


def test_a_plain_policy_seen_before_is_converted_without_the_scanner(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clause = "EXISTS (SELECT 1 FROM m WHERE m.org = t.org AND m.role IN ('a(', 'b'))"
    first = f'CREATE POLICY "read (all)" ON t USING ({clause}) WITH CHECK (true);'
    postgres.parse(SourceFile("a.sql", first))  # the clauses' facts are now known
    sql = f'CREATE POLICY "write" ON public.t\n  USING ({clause})\n  WITH CHECK ( true );'

    def no_scan(sql: str) -> None:
        raise AssertionError(f"scanned {sql!r}")

    monkeypatch.setattr(text, "scan", no_scan)
    [made] = postgres.parse(SourceFile("m.sql", sql))
    assert isinstance(made, ir.CreatePolicy)
    assert made.name_span == Span("m.sql", 14, 21)
    assert made.using is not None and made.using.sql == clause
    assert made.using.facts.span == Span("m.sql", sql.index("EXISTS"), sql.index(")\n  WITH"))
    assert made.with_check is not None and made.with_check.sql == "true"
    assert made.with_check.facts.span == Span("m.sql", sql.index("true"), sql.index(" );"))


@pytest.mark.parametrize(
    ("sql", "plain"),
    [
        ("CREATE POLICY p ON t USING (a = 'x')", True),
        ("CREATE POLICY p ON t USING (a = 1) -- why", False),
        ("CREATE POLICY p ON t USING (a = /* why */ 1)", False),
        ("CREATE POLICY p ON t USING (a = E'\\\\')", False),
        ("CREATE POLICY p ON t USING (a = $$x$$)", False),
    ],
)
def test_only_text_without_comments_backslashes_and_dollars_is_read_plainly(
    sql: str, plain: bool
) -> None:
    assert PolicyText(Stmt(Piece("m.sql", sql), 0, len(sql))).plain is plain
