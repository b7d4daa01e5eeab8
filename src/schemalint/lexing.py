"""Lexing primitives shared by the light SQL lexers and the PostgreSQL frontend.

``comments`` (suppression comments), ``placeholders`` (psql variables), ``pg_text`` (the blank
before a statement) and ``pg_chunks`` (statement boundaries of a large file) each step over
block comments and quoted text on their own terms; the rules for where those end are
PostgreSQL's and must not drift apart between them.
"""

from __future__ import annotations

import re

_COMMENT_EDGE = re.compile(r"/\*|\*/")
# A dollar quote's delimiter, ``$$`` or ``$tag$``. Non-ASCII is spelled [^\x00-\x7f]: a class
# with the range \x80-\U0010ffff takes ~10 ms to compile, paid by every run at import.
DOLLAR_TAG = re.compile(r"\$(?:(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z0-9_]|[^\x00-\x7f])*)?\$")


def block_comment_end(text: str, start: int, end: int) -> int:
    """The end of the block comment opening at ``start``, before ``end``; ``end`` if unclosed.

    Block comments nest, as in PostgreSQL: ``/* a /* b */ c */`` is one comment.
    """
    depth = 0
    for edge in _COMMENT_EDGE.finditer(text, start, end):
        depth += 1 if edge.group() == "/*" else -1
        if depth == 0:
            return edge.end()
    return end


def quoted_end(text: str, index: int, end: int, quote: str, backslash_escapes: bool) -> int:
    """The end of a quoted token whose body starts at ``index``; ``end`` if unclosed.

    A doubled quote stays inside; with ``backslash_escapes`` (``E'...'``, MySQL strings) a
    backslash takes the next character with it.
    """
    while index < end:
        char = text[index]
        if char == "\\" and backslash_escapes:
            index += 2
        elif char == quote:
            if index + 1 < end and text[index + 1] == quote:
                index += 2
            else:
                return index + 1
        else:
            index += 1
    return end
