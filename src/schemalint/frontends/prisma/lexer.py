"""Tokens of the Prisma Schema Language, grouped by line.

Prisma's grammar is line-based: whitespace is spaces, tabs and Unicode space separators (never a
newline), so every declaration member is one line. One regular expression scans the whole file;
a block comment is one token even when it spans lines.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from schemalint.frozen import frozen

# (kind, start, end); punctuation tokens use their own text as kind.
Token = tuple[str, int, int]

COMMENT_KINDS = frozenset({"doc", "comment", "block"})

# Leading whitespace is absorbed into each match: half as many matches, a faster scan.
_TOKEN = re.compile(
    r"""
    ([ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*)
    (?:(?P<ident>[^\W\d_][\w-]*)
    |(?P<punct>@@|[@()\[\]{},:=?!.])
    |(?P<nl>\r\n|\n|\r)
    |(?P<string>"(?:[^"\\\r\n]|\\[^\r\n])*"?)
    |(?P<number>-?[0-9]+(?:\.[0-9]+)?(?![\w-]))
    |(?P<digits>[0-9][\w-]*)
    |(?P<doc>///[^\r\n]*)
    |(?P<comment>//[^\r\n]*)
    |(?P<block>/\*(?:[^*]|\*(?!/))*(?:\*/)?)
    |(?P<error>.)
    |(?P<eof>\Z))
    """,
    re.VERBOSE,
)
_IDENT_REST = frozenset("0123456789_-")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class Line(NamedTuple):
    """One physical line (or several, when a block comment spans them) and its tokens.

    ``start``/``end`` bound the line without its line break; ``tokens`` exclude whitespace;
    ``comments`` tells whether any of them is a comment. (A named tuple: thousands are made
    per file, and it is much cheaper to build than a frozen dataclass.)
    """

    start: int
    end: int
    tokens: tuple[Token, ...]
    comments: bool


def tokenize(text: str) -> list[Line]:
    lines: list[Line] = []
    tokens: list[Token] = []
    line_start = 0
    comments = False
    all_ascii = text.isascii()
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "error"
        if kind == "eof":
            break
        start = match.end(1)
        end = match.end()
        if kind == "ident" or kind == "digits":
            if all_ascii or text[start:end].isascii():
                tokens.append(("ident", start, end))
            else:
                tokens.extend(_split_unicode_ident(text, start, end))
        elif kind == "punct":
            tokens.append((text[start:end], start, end))
        elif kind == "nl":
            lines.append(Line(line_start, start, tuple(tokens), comments))
            tokens = []
            line_start = end
            comments = False
        else:
            comments = comments or kind in COMMENT_KINDS
            tokens.append((kind, start, end))
    lines.append(Line(line_start, len(text), tuple(tokens), comments))
    return lines


def _split_unicode_ident(text: str, start: int, end: int) -> list[Token]:
    """Identifiers allow Unicode letters but only ASCII digits (pest's LETTER and ASCII_DIGIT).

    Python's ``\\w`` is wider (other digits, letter-like numerals), so cut at the first character
    Prisma would not take and make it an error token.
    """
    for index in range(start, end):
        char = text[index]
        allowed = char.isalpha() or char in _IDENT_REST
        if index == start:
            allowed = char.isalpha() or char.isascii()
        if not allowed:
            result: list[Token] = []
            if index > start:
                result.append(("ident", start, index))
            result.append(("error", index, index + 1))
            if index + 1 < end:
                result.extend(_split_unicode_ident(text, index + 1, end))
            return result
    return [("ident", start, end)]


@frozen
class StringError:
    """Where a string literal is malformed (a str offset) and what was wrong."""

    offset: int
    length: int
    message: str


def decode_string(text: str, start: int, end: int) -> str | StringError:
    """Decode the string token at ``[start, end)`` with JSON escapes, as Prisma does."""
    if end - start < 2 or text[end - 1] != '"' or _escaped_quote_at_end(text, start, end):
        return StringError(start, end - start, "expected a closing '\"' before the end of the line")
    body_start = start + 1
    body = text[body_start : end - 1]
    if "\\" not in body:
        return _check_controls(body, body_start) or body
    parts: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char != "\\":
            parts.append(char)
            index += 1
            continue
        escape = body[index + 1]
        if escape in _ESCAPES:
            parts.append(_ESCAPES[escape])
            index += 2
            continue
        if escape == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[index + 2 : index + 6]):
            parts.append(chr(int(body[index + 2 : index + 6], 16)))
            index += 6
            continue
        return StringError(
            body_start + index,
            2,
            f'unknown escape sequence "\\{escape}" in a string; '
            'write "\\\\" for a backslash (for example in a Windows path)',
        )
    decoded = "".join(parts)
    # \uD83D\uDE00 arrives as two lone surrogates: join them like a JSON parser does.
    decoded = decoded.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _check_controls(body, body_start) or decoded


def _escaped_quote_at_end(text: str, start: int, end: int) -> bool:
    backslashes = 0
    index = end - 2
    while index > start and text[index] == "\\":
        backslashes += 1
        index -= 1
    return backslashes % 2 == 1


_CONTROL = re.compile(r"[\x00-\x1f]")


def _check_controls(body: str, body_start: int) -> StringError | None:
    found = _CONTROL.search(body)
    if found is None:
        return None
    char = found.group()
    shown = "\\t" if char == "\t" else f"\\u{ord(char):04x}"
    return StringError(
        body_start + found.start(),
        1,
        f'a string cannot contain a raw control character; write "{shown}"',
    )
