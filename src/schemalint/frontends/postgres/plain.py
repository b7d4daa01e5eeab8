"""Token boundaries in SQL that holds no comment, found without the scanner.

libpg_query says where a node starts, not where it ends; the ends of a statement's parts
(a column, a constraint, a ``REFERENCES`` clause) come from the scanner's tokens, which cost a
Python object per token of the statement. Between two tokens there is only whitespace or a
comment. In a stretch of text with no ``--`` and no ``/*`` anywhere (not even inside a
literal), the last token before a token start ends where the whitespace before that start
begins, and the next token starts after the whitespace that follows a token's end: plain
string operations find them.

Callers make a ``Plain`` stretch only where ``comment_free`` says so and fall back to the
scanner elsewhere, so both ways give the same offsets.
"""

from __future__ import annotations

import re

from schemalint.frontends.postgres.text import IDENT

# PostgreSQL's whitespace: Python's isspace() also takes non-ASCII spaces, identifier
# characters to PostgreSQL.
BLANKS = " \t\n\r\f\v"
_BLANK = f"[{BLANKS}]*"
_NAMES = re.compile(rf"\({_BLANK}{IDENT}(?:{_BLANK},{_BLANK}{IDENT})*{_BLANK}\)")


class Plain:
    """``text[start:end]``, a stretch of a statement that holds no comment."""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end

    def up_to(self, offset: int) -> Plain | None:
        """The stretch from its start to the end of its last token before ``offset``."""
        end = self.end_before(offset)
        return Plain(self.text, self.start, end) if end > self.start else None

    def end_before(self, offset: int) -> int:
        """The end of the last token before ``offset`` (a token start, or the stretch's
        end), or the stretch's start when there is none."""
        return self.start + len(self.text[self.start : offset].rstrip(BLANKS))

    def start_after(self, offset: int) -> int:
        """The start of the first token at or after ``offset`` (a token end), or the
        stretch's end when there is none."""
        text = self.text
        end = self.end
        while offset < end and text[offset] in BLANKS:
            offset += 1
        return offset

    def keyword_before(self, offset: int, keyword: str) -> int | None:
        """The start of the token before ``offset`` when it is ``keyword`` (upper case)."""
        end = self.end_before(offset)
        start = end - len(keyword)
        if start < self.start:
            return None
        word = self.text[start:end]
        if not word.isascii() or word.upper() != keyword:
            return None
        before = self.text[start - 1] if start > self.start else " "
        if before.isalnum() or before in "_$" or not before.isascii():
            return None  # the tail of a longer name
        return start

    def names_end(self, offset: int) -> int | None:
        """The end of a parenthesized list of names (``(id)``, ``("a", b)``) at ``offset``."""
        match = _NAMES.match(self.text, offset, self.end)
        return None if match is None else match.end()


def comment_free(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` surely holds no comment (no ``--``, no ``/*`` at all)."""
    return text.find("--", start, end) < 0 and text.find("/*", start, end) < 0
