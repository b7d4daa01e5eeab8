"""Parsing a large PostgreSQL file in chunks that end at statement boundaries.

libpg_query parses a whole text at once and its JSON tree of a 50 MB file takes gigabytes.
Above a threshold the file is cut into chunks of about ``size`` characters, each ending just
after a top-level ``;``, and each chunk is parsed, converted and released before the next. A
chunk that does not parse goes through the usual per-statement recovery, alone.

The boundaries come from a lexer that agrees with PostgreSQL's scanner on every ``;`` of text
the scanner accepts, but runs inside ``re``: one pattern consumes whole identifiers, numbers,
strings, quoted names and line comments, and stops only where Python must decide (a ``;``, a
``$``, a block comment, an unterminated literal). ``pglast.parser.scan`` gives the same answer
at a few MB/s; this runs at tens of MB/s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from schemalint import ir
from schemalint.frontends.postgres.pglast_parser import ParseError
from schemalint.frontends.postgres.text import COMMENTS, Piece, scan_tokens, split_statements
from schemalint.inputs.lexing import block_comment_end, dollar_quote

# Non-ASCII is spelled [^\x00-\x7f]: a class with the range \x80-\U0010ffff is slow to compile.
_E_BODY = r"'[^'\\]*(?:(?:\\.|'')[^'\\]*)*'"
# PostgreSQL's whitespace_with_newline: an E'...' followed by it and a quote goes on in the
# next quotes, still with backslash escapes.
_CONTINUE = r"(?:[ \t\f]|--[^\n\r]*)*[\n\r](?:[ \t\n\r\f\v]+|--[^\n\r]*[\n\r])*"
# Everything up to the next place Python must look at: ASCII other than ;'"$/- letters digits
# and _, then literals, names, numbers and comments. An identifier takes in the ``$`` signs
# it contains (``a$$b`` is one name) and a number stops before one (``1$$`` opens a quote).
_SKIP = re.compile(
    rf"""(?:
        [\x00-\x21\x23\x25\x26\x28-\x2c\x2e\x3a\x3c-\x40\x5b-\x5e\x60\x7b-\x7f]+
      | [eE]{_E_BODY}(?:{_CONTINUE}{_E_BODY})*
      | (?![eE]')(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z0-9_$]|[^\x00-\x7f])*
      | [0-9][A-Za-z0-9_]*
      | '[^']*(?:''[^']*)*'
      | "[^"]*(?:""[^"]*)*"
      | --[^\n\r]*
      | -(?!-)
      | /(?!\*)
    )*""",
    re.VERBOSE | re.DOTALL,
)
_PARAMETER = re.compile(r"\$[0-9]*")
_ATOMIC = re.compile(r"\batomic\b", re.IGNORECASE)

# A chunk's JSON tree and its dicts take tens of times the chunk's size while it is converted:
# small chunks keep that out of the peak memory, and a parser call per chunk costs little.
CHUNKED_ABOVE = 500_000
CHUNK_SIZE = 250_000

Convert = Callable[[Piece], list[ir.Statement]]


def semicolons(text: str) -> Iterator[int]:
    """The offset of each ``;`` token of ``text``, as PostgreSQL's scanner finds them.

    Stops at an unterminated literal, quoted name or comment: it runs to the end of the text.
    """
    index = 0
    size = len(text)
    while True:
        index = _SKIP.match(text, index).end()  # type: ignore[union-attr]
        if index >= size:
            return
        char = text[index]
        if char == ";":
            yield index
            index += 1
        elif char == "$":
            # _SKIP took in a name's "$": this one follows a number or an operator.
            quote = dollar_quote(text, index, size)
            if quote is None:  # a parameter or a lone "$"
                index = _PARAMETER.match(text, index).end()  # type: ignore[union-attr]
                continue
            index = quote[2]  # the end of the text when unclosed: the loop stops
        elif char == "/":
            index = block_comment_end(text, index, size)
        else:
            return


def chunk_bounds(text: str, size: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive chunks covering ``text``, each ending after a ``;``.

    A chunk ends at the first ``;`` at least ``size`` characters after its start that is not
    inside a ``BEGIN ATOMIC ... END`` routine body.
    """
    start = 0
    for end in semicolons(text):
        if end + 1 - start >= size and _ends_statement(text, start, end):
            yield start, end + 1
            start = end + 1
    if start < len(text):
        yield start, len(text)


def _ends_statement(text: str, start: int, end: int) -> bool:
    """Whether the ``;`` at ``end`` ends a statement begun at or after ``start``.

    Only a ``BEGIN ATOMIC`` body holds ``;`` that do not; the scanner is run only when the
    word ``atomic`` appears.
    """
    # "atom" first: a case-blind regex scans a megabyte chunk ~20x slower than ``in`` does
    # (the "i" of "atomic" also matches the dotless U+0131 when case is ignored).
    if "atom" not in text[start:end].lower() or _ATOMIC.search(text, start, end) is None:
        return True
    try:
        tokens = scan_tokens(text[start : end + 1])
    except ParseError:
        return False
    parts = split_statements([t.name for t in tokens if t.name not in COMMENTS])
    return not parts or parts[-1][2]


def convert(
    piece: Piece, convert_piece: Convert, *, above: int = CHUNKED_ABOVE, size: int = CHUNK_SIZE
) -> Iterator[ir.Statement]:
    """``convert_piece(piece)``, chunk by chunk when the piece is longer than ``above``: each
    chunk's statements are made when the ones before are taken (a huge file's IR is never
    whole).

    ``piece`` is a whole file (base 0, no escapes): each chunk is a piece at its own base.
    """
    text = piece.text
    if len(text) <= above:
        yield from convert_piece(piece)
        return
    for start, end in chunk_bounds(text, size):
        yield from convert_piece(piece.sub(start, end))
