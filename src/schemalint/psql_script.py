"""What psql reads itself, masked out of a PostgreSQL script so that only SQL is parsed.

psql (which pg_dump output and many hand-run scripts are written for) takes two things out of
the input before the server sees it:

- *meta-commands*: an unquoted backslash starts one (``\\set``, ``\\i file``,
  ``\\connect db``), which runs to the end of its line;
- the *data* of ``COPY ... FROM STDIN`` (and of ``\\copy ... from stdin``): the lines after
  the command, up to a line that is only ``\\.``, or the end of the file.

Both are replaced by spaces (line breaks kept), so every offset stays that of the file. A
backslash inside a string, quoted identifier, dollar quote or comment is SQL, as in psql.
"""

from __future__ import annotations

import re

from schemalint.lexing import DOLLAR_TAG, block_comment_end, quoted_end

_SPECIAL = re.compile(r"""--|/\*|[Ee]'|['"$;\\]""")
_COPY_FROM_STDIN = re.compile(r"copy\b[^;]*?\bfrom\s+stdin\b", re.IGNORECASE | re.DOTALL)
_META_COPY_FROM_STDIN = re.compile(r"\\copy\b.*\bfrom\s+stdin\b", re.IGNORECASE)
_END_OF_DATA = re.compile(r"^\\\.\r?$", re.MULTILINE)
_STDIN = re.compile("stdin", re.IGNORECASE)
_BLANK = re.compile(r"[^\r\n]")
_LEADING = re.compile(r"(?:\s+|--[^\n]*|/\*.*?\*/)*", re.DOTALL)


def mask(text: str) -> str:
    """``text`` with psql's meta-commands and COPY data replaced by same-length blanks."""
    if "\\" not in text and _STDIN.search(text) is None:
        return text
    regions: list[tuple[int, int]] = []
    length = len(text)
    statement = 0
    index = 0
    while True:
        match = _SPECIAL.search(text, index)
        if match is None:
            break
        token = match.group()
        start = match.start()
        if token == "--":
            newline = text.find("\n", start)
            index = length if newline < 0 else newline
        elif token == "/*":
            index = block_comment_end(text, start, length)
        elif token in ("'", '"'):
            index = quoted_end(text, start + 1, length, token, False)
        elif token in ("E'", "e'"):
            word = start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_$")
            index = quoted_end(text, start + 2, length, "'", not word)
        elif token == "$":
            index = _dollar_quote_end(text, start)
        elif token == ";":
            index = start + 1
            leading = _LEADING.match(text, statement)
            first = leading.end() if leading else statement
            statement = index
            if _COPY_FROM_STDIN.match(text, first, start):
                index = statement = _data(text, index, regions)
        else:  # a meta-command, to the end of its line
            newline = text.find("\n", start)
            end = length if newline < 0 else newline
            regions.append((start, end))
            index = end
            if _META_COPY_FROM_STDIN.match(text, start, end):
                index = _data(text, index, regions)
            statement = index
    if not regions:
        return text
    pieces = []
    copied = 0
    for start, end in regions:
        pieces.append(text[copied:start])
        pieces.append(_BLANK.sub(" ", text[start:end]))
        copied = end
    pieces.append(text[copied:])
    return "".join(pieces)


def _data(text: str, after: int, regions: list[tuple[int, int]]) -> int:
    """Masks the data lines that start on the line after ``after``; where SQL resumes."""
    newline = text.find("\n", after)
    if newline < 0:
        return len(text)
    start = newline + 1
    end_marker = _END_OF_DATA.search(text, start)
    end = len(text) if end_marker is None else end_marker.end()
    regions.append((start, end))
    return end


def _dollar_quote_end(text: str, start: int) -> int:
    previous = text[start - 1] if start else ""
    if previous.isalnum() or previous in "_$":
        return start + 1
    tag = DOLLAR_TAG.match(text, start)
    if tag is None:
        return start + 1
    close = text.find(tag.group(), tag.end())
    return len(text) if close < 0 else close + len(tag.group())
