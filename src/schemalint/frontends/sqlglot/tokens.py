"""Token-level work for the sqlglot frontend: statement splitting and exact spans.

sqlglot tokens carry ``start``/``end`` as *str* offsets into the text they were made from, with
``end`` inclusive; every span made here turns them into half-open ``[start, end + 1)`` ranges.
sqlglot expressions do not carry offsets, except identifiers (``meta``), so the spans of larger
pieces (a column definition, a constraint clause, a REFERENCES clause) are found on the tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from schemalint.source import SourceFile, Span

Token = Any  # sqlglot.tokens.Token; sqlglot is imported lazily, so no static type here.

# Keywords that open a new clause inside a column definition; a constraint clause ends where
# the next one begins.
COLUMN_CLAUSE_STARTERS = frozenset(
    {
        "CONSTRAINT",
        "PRIMARY",
        "UNIQUE",
        "REFERENCES",
        "CHECK",
        "NOT",
        "NULL",
        "DEFAULT",
        "AUTO_INCREMENT",
        "AUTOINCREMENT",
        "COLLATE",
        "COMMENT",
        "GENERATED",
        "AS",
    }
)


def kind(token: Token) -> str:
    return str(token.token_type.name)


def word(token: Token) -> str:
    return str(token.text).upper()


def split_statements(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Token index ranges ``[first, last]`` of the statements, split on top-level ``;``.

    A SQLite ``CREATE TRIGGER ... BEGIN ... END`` holds ``;`` inside its body: those do not end
    the statement (``CASE ... END`` inside the body is counted so its END is not taken for the
    body's).
    """
    ranges: list[tuple[int, int]] = []
    first: int | None = None
    trigger = False
    block_depth = 0
    for index, token in enumerate(tokens):
        token_kind = kind(token)
        if first is None:
            if token_kind == "SEMICOLON":
                continue
            first = index
            trigger = False
            block_depth = 0
        if index == first + 1 or index == first + 2:
            trigger = trigger or word(token) == "TRIGGER"
        if trigger and token_kind in ("BEGIN", "CASE"):
            block_depth += 1
        elif trigger and token_kind == "END" and block_depth:
            block_depth -= 1
        elif token_kind == "SEMICOLON" and not block_depth:
            ranges.append((first, index - 1))
            first = None
    if first is not None:
        ranges.append((first, len(tokens) - 1))
    return ranges


@dataclass(frozen=True)
class Tokens:
    """The tokens of one statement and the file they come from."""

    source: SourceFile
    tokens: Sequence[Token]

    def span(self, first: int, last: int) -> Span:
        return self.source.span(self.tokens[first].start, self.tokens[last].end + 1)

    @property
    def whole(self) -> Span:
        return self.span(0, len(self.tokens) - 1)

    def index_at(self, offset: int) -> int | None:
        """The index of the token that starts at ``offset``."""
        for index, token in enumerate(self.tokens):
            if token.start == offset:
                return index
        return None

    def segments(self, open_index: int) -> list[tuple[int, int]]:
        """Comma-separated parts inside the parentheses opened at ``open_index``."""
        return self._comma_parts(open_index + 1, closed=True)

    def top_level_segments(self, first: int) -> list[tuple[int, int]]:
        """Comma-separated parts from ``first`` to the end of the statement (ALTER actions)."""
        return self._comma_parts(first, closed=False)

    def _comma_parts(self, first: int, *, closed: bool) -> list[tuple[int, int]]:
        """The parts between commas outside parentheses from ``first`` on, up to the end or
        (``closed``) to the parenthesis that closes around ``first``."""
        parts: list[tuple[int, int]] = []
        depth = 0
        start = first
        for index in range(first, len(self.tokens)):
            token_kind = kind(self.tokens[index])
            if token_kind == "L_PAREN":
                depth += 1
            elif token_kind == "R_PAREN":
                if closed and depth == 0:
                    if index > start:
                        parts.append((start, index - 1))
                    return parts
                depth -= 1
            elif token_kind == "COMMA" and depth == 0:
                parts.append((start, index - 1))
                start = index + 1
        if start < len(self.tokens):
            parts.append((start, len(self.tokens) - 1))
        return parts

    def first_at_depth0(self, first: int, last: int, words: frozenset[str]) -> int | None:
        depth = 0
        for index in range(first, last + 1):
            token = self.tokens[index]
            token_kind = kind(token)
            if token_kind == "L_PAREN":
                depth += 1
            elif token_kind == "R_PAREN":
                depth -= 1
            elif depth == 0 and word(token) in words:
                return index
        return None

    def clauses(self, first: int, last: int) -> list[tuple[str, int, int]]:
        """The clauses of a column definition (after its name): (opening keyword, first, last).

        ``CONSTRAINT name`` is kept with the clause it names, and ``NOT NULL`` / ``PRIMARY KEY``
        / ``ON DELETE`` stay inside the clause they belong to.
        """
        result: list[tuple[str, int, int]] = []
        depth = 0
        current: tuple[str, int] | None = None
        named = False
        for index in range(first, last + 1):
            token = self.tokens[index]
            token_kind = kind(token)
            # "PRIMARY KEY" and "FOREIGN KEY" are one token each.
            upper = (word(token).split() or [""])[0]
            if token_kind == "L_PAREN":
                depth += 1
            elif token_kind == "R_PAREN":
                depth -= 1
            elif depth == 0 and token_kind not in ("IDENTIFIER", "STRING"):
                starts = upper in COLUMN_CLAUSE_STARTERS
                if upper == "NULL" and current and current[0] == "NOT" and index == current[1] + 1:
                    starts = False
                if upper in ("NOT", "NULL") and current and current[0] == "REFERENCES":
                    starts = False  # ON DELETE SET NULL, NOT DEFERRABLE
                if named and current and index == current[1] + 2:
                    # The keyword after CONSTRAINT <name> opens the named clause itself.
                    current = (upper, current[1])
                    named = False
                    continue
                if starts:
                    if current is not None:
                        result.append((current[0], current[1], index - 1))
                    current = (upper, index)
                    named = upper == "CONSTRAINT"
        if current is not None:
            result.append((current[0], current[1], last))
        return result


def identifier_span(source: SourceFile, identifier: Any) -> Span | None:
    """The span of a sqlglot identifier (quotes included), from the token it came from."""
    meta = getattr(identifier, "meta", None) or {}
    if "start" not in meta or "end" not in meta:
        return None
    return source.span(int(meta["start"]), int(meta["end"]) + 1)
