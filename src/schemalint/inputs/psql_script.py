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

from schemalint.inputs.lexing import QUOTED_OPENERS, skip_blank, skip_quoted

_SPECIAL = re.compile(rf"{QUOTED_OPENERS}|[;\\]")
_COPY_FROM_STDIN = re.compile(r"copy\b[^;]*?\bfrom\s+stdin\b", re.IGNORECASE | re.DOTALL)
_META_COPY_FROM_STDIN = re.compile(r"\\copy\b.*\bfrom\s+stdin\b", re.IGNORECASE)
_END_OF_DATA = re.compile(r"^\\\.\r?$", re.MULTILINE)
_STDIN = re.compile("stdin", re.IGNORECASE)
_BLANK = re.compile(r"[^\r\n]")


def mask(text: str) -> str:
    """``text`` with psql's meta-commands and COPY data replaced by same-length blanks."""
    # "td" first: a case-blind regex scans a large file ~20x slower than ``in`` does (the
    # "s" and "i" of "stdin" also match U+017F and U+0131 when case is ignored; "t", "d" do not).
    if "\\" not in text and ("td" not in text.lower() or _STDIN.search(text) is None):
        return text
    regions: list[tuple[int, int]] = []
    length = len(text)
    statement = 0
    index = 0
    while True:
        match = _SPECIAL.search(text, index)
        if match is None:
            break
        start = match.start()
        skipped = skip_quoted(text, start, length)
        if skipped is not None:
            index = skipped
        elif match.group() == ";":
            index = start + 1
            first = skip_blank(text, statement, start)
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
