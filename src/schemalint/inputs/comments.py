"""A light lexer that finds comments and statement boundaries without parsing.

Suppression comments must be found in files that may not even parse, so this scans only what
it must to tell a comment from text that merely looks like one: string literals (with ``''``
doubling and ``E'...'`` backslash escapes), quoted identifiers, nested block comments and
dollar quotes. The bodies of ``DO`` blocks and ``CREATE FUNCTION``/``PROCEDURE`` are code, so
their dollar-quoted text is lexed again as a nested *region* with its own statement ends.
"""

from __future__ import annotations

import re

from schemalint.frozen import frozen
from schemalint.inputs.lexing import block_comment_end, continues_word, dollar_quote, quoted_end

_BODY_STATEMENT = re.compile(
    r"(?:do|create\s+(?:or\s+replace\s+)?(?:function|procedure))\b", re.IGNORECASE
)


@frozen
class Comment:
    """A line comment: ``start`` is at its marker, ``body`` (at ``body_start``) follows it."""

    start: int
    end: int
    body_start: int
    body: str
    trailing: bool
    region: int


@frozen
class Region:
    """A stretch of code (the file, or one function body) and the ``;`` offsets inside it."""

    start: int
    end: int
    statement_ends: tuple[int, ...]


@frozen
class Lexed:
    text: str
    comments: tuple[Comment, ...]
    regions: tuple[Region, ...]
    # Everything that is not code: all comments, block ones included, as (start, end).
    skips: dict[int, int]
    # For Prisma: each "{" offset and the offset of its matching "}".
    braces: dict[int, int]

    def next_code(self, offset: int, limit: int) -> int:
        """The first offset at or after ``offset`` that is neither blank nor comment."""
        text = self.text
        while offset < limit:
            if text[offset].isspace():
                offset += 1
            elif offset in self.skips:
                offset = self.skips[offset]
            else:
                return offset
        return limit


def _is_trailing(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(text[line_start:start].strip())


class _SqlLexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.comments: list[Comment] = []
        self.regions: list[Region] = []
        self.skips: dict[int, int] = {}

    def lex_region(self, start: int, end: int) -> None:
        region = len(self.regions)
        self.regions.append(Region(start, end, ()))
        text = self.text
        ends: list[int] = []
        statement_start = -1
        i = start
        while i < end:
            char = text[i]
            nxt = text[i + 1] if i + 1 < end else ""
            if char == "-" and nxt == "-":
                stop = text.find("\n", i, end)
                stop = end if stop == -1 else stop
                body = text[i + 2 : stop].rstrip("\r")
                self.comments.append(
                    Comment(i, i + 2 + len(body), i + 2, body, _is_trailing(text, i), region)
                )
                self.skips[i] = stop
                i = stop
                continue
            if char == "/" and nxt == "*":
                stop = block_comment_end(text, i, end)
                self.skips[i] = stop
                i = stop
                continue
            if char.isspace():
                i += 1
                continue
            if statement_start < 0:
                statement_start = i
            if char == ";":
                ends.append(i)
                statement_start = -1
                i += 1
            elif char == "'":
                escapes = i > 0 and text[i - 1] in "eE" and not continues_word(text, i - 1)
                i = quoted_end(text, i + 1, end, "'", escapes)
            elif char in '"`':
                i = quoted_end(text, i + 1, end, char, False)
            elif char == "$" and not continues_word(text, i):
                i = self._dollar(i, end, statement_start)
            else:
                i += 1
        self.regions[region] = Region(start, end, tuple(ends))

    def _dollar(self, i: int, end: int, statement_start: int) -> int:
        quote = dollar_quote(self.text, i, end)
        if quote is None:
            return i + 1
        body_start, body_end, quote_end = quote
        if _BODY_STATEMENT.match(self.text, statement_start, end):
            self.lex_region(body_start, body_end)
        return quote_end


def lex_sql(text: str) -> Lexed:
    lexer = _SqlLexer(text)
    lexer.lex_region(0, len(text))
    comments = tuple(sorted(lexer.comments, key=lambda c: c.start))
    return Lexed(text, comments, tuple(lexer.regions), lexer.skips, {})


def lex_prisma(text: str) -> Lexed:
    """Prisma has only ``//`` (and ``///`` doc) comments, ``"..."`` strings and braces."""
    comments: list[Comment] = []
    skips: dict[int, int] = {}
    braces: dict[int, int] = {}
    open_braces: list[int] = []
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        if text.startswith("//", i):
            stop = text.find("\n", i)
            stop = end if stop == -1 else stop
            marker_end = i + 2
            while marker_end < stop and text[marker_end] == "/":
                marker_end += 1
            body = text[marker_end:stop].rstrip("\r")
            comments.append(
                Comment(i, marker_end + len(body), marker_end, body, _is_trailing(text, i), 0)
            )
            skips[i] = stop
            i = stop
        elif char == '"':
            i += 1
            while i < end and text[i] not in '"\n':
                i += 2 if text[i] == "\\" else 1
            i += 1
        elif char == "{":
            open_braces.append(i)
            i += 1
        elif char == "}":
            if open_braces:
                braces[open_braces.pop()] = i
            i += 1
        else:
            i += 1
    for unclosed in open_braces:
        braces[unclosed] = end
    return Lexed(text, tuple(comments), (Region(0, end, ()),), skips, braces)
