"""Lexing primitives shared by the light SQL lexers and the PostgreSQL frontend.

``comments`` (suppression comments), ``placeholders`` (psql variables), ``psql_script`` (psql
meta-commands and COPY data), ``frontends.postgres.text`` (the blank before a statement) and ``frontends.postgres.chunks``
(statement boundaries of a large file) each look for something in SQL without a full
scanner, and must step over comments, quoted text and dollar quotes to do so; where those
end is PostgreSQL's rule, written here once.
"""

from __future__ import annotations

import re

_COMMENT_EDGE = re.compile(r"/\*|\*/")
# A dollar quote's delimiter, ``$$`` or ``$tag$``. Non-ASCII is spelled [^\x00-\x7f]: a class
# with the range \x80-\U0010ffff takes ~10 ms to compile, paid by every run at import.
_DOLLAR_TAG = re.compile(r"\$(?:(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z0-9_]|[^\x00-\x7f])*)?\$")
# Whitespace, line comments and (non-nested) block comments.
_BLANK = re.compile(r"(?:\s+|--[^\n]*|/\*(?:[^*/]|\*(?!/)|/(?!\*))*\*/)*")

# What opens a comment, a string, a quoted identifier or a dollar quote: a regular-expression
# alternative for a lexer's search pattern, whose matches go to ``skip_quoted``.
QUOTED_OPENERS = r"""--|/\*|[Ee]'|['"$]"""


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


def continues_word(text: str, start: int) -> bool:
    """Whether the character before ``start`` is one an identifier continues with.

    Then a ``$`` or a quote at ``start`` belongs to that word: ``a$b`` and ``x$$`` are names,
    and ``some'...'`` is no ``E'...'`` string. (A lexer that jumps from one special character
    to the next cannot tell a name from a number: ``1$$`` counts as a word too.)
    """
    if start == 0:
        return False
    previous = text[start - 1]
    return previous.isalnum() or previous in "_$"


def dollar_quote(text: str, start: int, end: int) -> tuple[int, int, int] | None:
    """The dollar quote whose ``$$`` or ``$tag$`` opens at ``start``, before ``end``.

    (body start, body end, quote end); an unclosed quote's body runs to ``end``. ``None`` when
    no tag opens there (a lone ``$``, a parameter ``$1``). The caller knows whether the ``$``
    may open a quote at all (see ``continues_word``).
    """
    tag = _DOLLAR_TAG.match(text, start, end)
    if tag is None:
        return None
    close = text.find(tag.group(), tag.end(), end)
    if close < 0:
        return tag.end(), end, end
    return tag.end(), close, close + len(tag.group())


def skip_quoted(text: str, start: int, end: int, *, backslash_strings: bool = False) -> int | None:
    """Where lexing resumes after the ``QUOTED_OPENERS`` match at ``start``; ``None`` if
    there is none at ``start``.

    A line comment ends before its line break, the rest just past their closing delimiter
    (``end`` if unclosed). A ``$`` that opens no dollar quote is stepped over alone.
    ``backslash_strings``: plain ``'...'`` strings take backslash escapes (MySQL).
    """
    char = text[start : start + 1]
    if char == "-" and text.startswith("--", start):
        newline = text.find("\n", start, end)
        return end if newline < 0 else newline
    if char == "/" and text.startswith("/*", start):
        return block_comment_end(text, start, end)
    if char == "'":
        return quoted_end(text, start + 1, end, "'", backslash_strings)
    if char == '"':
        return quoted_end(text, start + 1, end, '"', False)
    if char in ("E", "e") and text.startswith("'", start + 1):
        escapes = backslash_strings or not continues_word(text, start)
        return quoted_end(text, start + 2, end, "'", escapes)
    if char == "$":
        quote = None if continues_word(text, start) else dollar_quote(text, start, end)
        return start + 1 if quote is None else quote[2]
    return None


def skip_blank(text: str, start: int, end: int) -> int:
    """The offset of the first token at or after ``start``: skips whitespace and comments."""
    index = _BLANK.match(text, start, end).end()  # type: ignore[union-attr]
    # _BLANK stops at a nested block comment, which a regular expression cannot match.
    while text.startswith("/*", index, end):
        index = block_comment_end(text, index, end)
        index = _BLANK.match(text, index, end).end()  # type: ignore[union-attr]
    return index
