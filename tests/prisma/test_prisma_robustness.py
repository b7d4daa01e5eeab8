"""Bad input never raises: mutated fixtures and arbitrary text give errors, not tracebacks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from schemalint import ir
from tests.prisma.prisma_support import FIXTURES, load_text

_SEEDS = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.prisma"))]
_PIECES = [
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "@",
    "@@",
    '"',
    "\\",
    "/*",
    "*/",
    "///",
    "\n",
    "\r",
    ",",
    ":",
    "=",
    "?",
    "!",
    ".",
    "-",
    "\t",
    "\u00a0",
    "\ufeff",
    "é",
    "😀",
    "model ",
    "enum ",
    "type ",
    " String",
    " Int[]?",
    "@relation(fields: [",
    "where: {",
    "\\u12",
]


@st.composite
def mutated_schemas(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(_SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "cut"]))
        if action == "insert":
            text = text[:position] + draw(st.sampled_from(_PIECES)) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 8)) :]
        else:
            text = text[:position]
    return text


def _check(text: str) -> None:
    loaded = load_text(text)
    for error in loaded.errors:
        assert isinstance(error, ir.Unparsable)
        assert 0 <= error.span.start <= error.span.end <= len(text)
        assert error.message
    for table in loaded.catalog:
        assert 0 <= table.span.start <= table.span.end <= len(text)


@settings(max_examples=300, deadline=None)
@given(mutated_schemas())
def test_mutated_fixtures_never_raise_and_spans_stay_in_the_file(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, *"abAZ09_ \n"]), max_size=80).map("".join))
def test_arbitrary_text_never_raises(text: str) -> None:
    _check(text)


def test_pathologically_nested_brackets_are_an_error_not_a_crash() -> None:
    text = "model A {\n  a Int @default(" + "[" * 5000 + "\n  b Int\n}\n"
    loaded = load_text(text)
    assert [(e.span.start, e.message) for e in loaded.errors] == [
        (12, "expected fewer nested brackets on one line")
    ]
    assert [f.name for f in loaded.ast.models[0].fields] == ["b"]
