"""Text plumbing for the PostgreSQL frontend: offsets, spans, scanner tokens, identifiers.

libpg_query reports UTF-8 *byte* offsets and only where a node starts; the IR wants str
offsets into the file and half-open spans. A ``Piece`` is a run of SQL handed to the parser
(the file, one statement of a file that failed to parse, a function body) together with the
way its offsets map back into the file. A ``Stmt`` is one statement of a piece; it scans its
own tokens the first time an end offset is needed.

A piece of a *context* file (one the run replays but reports nothing on) is converted for the
replay only: nothing it yields is ever pointed at, so the converters skip what only reporting
needs (see ``postgres.parse``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import compress

from schemalint.frontends.postgres.pglast_parser import ParseError, Token, scan
from schemalint.source import Span

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# A dollar-quote tag spelled with non-ASCII letters: the ASCII stand-in could merge two tags.
_NON_ASCII_TAG = re.compile(r"\$[A-Za-z0-9_]*[^\x00-\x7f]")
# Non-ASCII is spelled [^\x00-\x7f], not as the range \x80-\U0010ffff inside a class: such a
# class takes ~10 ms to compile, paid by every run at import.
IDENT = r'(?:(?:[Uu]&)?"(?:[^"]|"")*"|(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z0-9_$]|[^\x00-\x7f])*)'
_IDENT_RE = re.compile(IDENT)
_QUALIFIED_RE = re.compile(rf"{IDENT}(?:\s*\.\s*{IDENT})*")

OPEN = frozenset({"ASCII_40", "ASCII_91"})
CLOSE = frozenset({"ASCII_41", "ASCII_93"})
COMMA = "ASCII_44"
COMMENTS = frozenset({"SQL_COMMENT", "C_COMMENT"})
SEMICOLON = "ASCII_59"
_ROUTINE_KINDS = frozenset({"FUNCTION", "PROCEDURE"})
_BLOCK_OPENERS = frozenset({"BEGIN_P", "CASE"})


class Piece:
    """SQL text handed to the parser and the map from its str offsets to file offsets.

    ``escapes`` lists offsets of characters that the file spells with one extra character
    before them (a ``''`` inside a single-quoted function body). With ``fixed`` set, every
    span is that span: used when a body cannot be mapped back exactly. ``context``: the piece
    belongs to a context file.
    """

    __slots__ = ("_byte_starts", "_extra", "base", "context", "escapes", "fixed", "path", "text")

    def __init__(
        self,
        path: str,
        text: str,
        base: int = 0,
        escapes: tuple[int, ...] = (),
        fixed: Span | None = None,
        *,
        context: bool = False,
    ) -> None:
        self.path = path
        self.text = text
        self.base = base
        self.escapes = escapes
        self.fixed = fixed
        self.context = context
        self._byte_starts: list[int] | None = None
        self._extra: list[int] = []

    def loc(self, byte_offset: int) -> int:
        """The str offset of a UTF-8 byte offset reported by libpg_query."""
        starts = self._byte_starts
        if starts is None:
            starts = self._index_bytes()
        if not starts:
            return byte_offset
        k = bisect.bisect_left(starts, byte_offset)
        return byte_offset - (self._extra[k - 1] if k else 0)

    def _index_bytes(self) -> list[int]:
        starts: list[int] = []
        extra_after: list[int] = []
        if not self.text.isascii():
            extra = 0
            for match in _NON_ASCII.finditer(self.text):
                index = match.start()
                for char in match.group():
                    starts.append(index + extra)
                    code = ord(char)
                    extra += 1 if code < 0x800 else 2 if code < 0x10000 else 3
                    extra_after.append(extra)
                    index += 1
        self._byte_starts = starts
        self._extra = extra_after
        return starts

    def file_offset(self, offset: int) -> int:
        if not self.escapes:
            return self.base + offset
        return self.base + offset + bisect.bisect_left(self.escapes, offset)

    def span(self, start: int, end: int) -> Span:
        if self.fixed is not None:
            return self.fixed
        if not self.escapes:
            # file_offset inlined: spans are made ~25 times per statement.
            return Span(self.path, self.base + start, self.base + end)
        return Span(self.path, self.file_offset(start), self.file_offset(end))

    def sub(self, start: int, end: int, text: str | None = None) -> Piece:
        """The piece for ``text[start:end]`` (or a same-length stand-in), in the same file."""
        part = self.text[start:end] if text is None else text
        if self.fixed is not None:
            return Piece(self.path, part, fixed=self.fixed, context=self.context)
        escapes = tuple(e - start for e in self.escapes if start <= e < end)
        return Piece(self.path, part, self.file_offset(start), escapes, context=self.context)

    def fixed_at(self, span: Span, text: str) -> Piece:
        """A piece of ``text`` whose every span is ``span``, in the same file and mode."""
        return Piece(self.path, text, fixed=span, context=self.context)


class Tokens:
    """pglast's scanner tokens of ``text[start:end]``, comments left out, as parallel lists of
    piece offsets (end exclusive); none when the scanner rejects the text."""

    __slots__ = ("ends", "names", "starts")

    starts: list[int]
    ends: list[int]
    names: list[str]

    def __init__(self, text: str, start: int, end: int) -> None:
        try:
            raw = scan_tokens(text[start:end])
        except ParseError:
            raw = []
        if not raw:
            self.starts = []
            self.ends = []
            self.names = []
            return
        # Transposed and shifted by C-level zip and map: a Python loop over every token of
        # every statement was a large part of converting a file.
        firsts, lasts, names, _ = zip(*raw, strict=True)
        if "SQL_COMMENT" in names or "C_COMMENT" in names:
            kept = [name not in COMMENTS for name in names]
            firsts = tuple(compress(firsts, kept))
            lasts = tuple(compress(lasts, kept))
            names = tuple(compress(names, kept))
        self.starts = list(map(start.__add__, firsts))
        self.ends = list(map((start + 1).__add__, lasts))
        self.names = list(names)

    def __len__(self) -> int:
        return len(self.starts)

    def at(self, offset: int) -> int:
        """The index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def last_end_before(self, offset: int, default: int) -> int:
        """The end of the last token that starts before ``offset``."""
        index = bisect.bisect_left(self.starts, offset) - 1
        return self.ends[index] if index >= 0 else default

    def element_end(self, index: int, stop: int | None = None) -> int:
        """The index just past a list element starting at ``index`` (before its ``,``/``)``)."""
        stop = len(self.names) if stop is None else stop
        depth = 0
        names = self.names
        while index < stop:
            name = names[index]
            if name in OPEN:
                depth += 1
            elif name in CLOSE:
                if depth == 0:
                    return index
                depth -= 1
            elif name == COMMA and depth == 0:
                return index
            index += 1
        return stop

    def split(self, index: int, stop: int) -> list[tuple[int, int]]:
        """Token ranges of the comma-separated items from ``index`` to ``stop``."""
        parts = []
        while index < stop:
            end = self.element_end(index, stop)
            parts.append((index, end))
            index = end + 1
        return parts

    def matching(self, index: int) -> int:
        """The index of the bracket closing the one at ``index`` (or the last token)."""
        depth = 0
        names = self.names
        for i in range(index, len(names)):
            name = names[i]
            if name in OPEN:
                depth += 1
            elif name in CLOSE:
                depth -= 1
                if depth == 0:
                    return i
        return len(names) - 1

    def find(self, names: Sequence[str], lo: int, hi: int) -> int:
        """The index of the first token at bracket depth 0 in ``[lo, hi)`` starting ``names``
        (one keyword or more)."""
        depth = 0
        count = len(names)
        first = names[0]
        wanted = list(names)
        own = self.names
        for i in range(lo, hi):
            name = own[i]
            if name in OPEN:
                depth += 1
            elif name in CLOSE:
                depth -= 1
            elif depth == 0 and name == first and own[i : i + count] == wanted:
                return i
        return -1

    def skip(self, index: int, *optional: Sequence[str]) -> int:
        """Step over each optional keyword sequence that is present, in order."""
        for words in optional:
            count = len(words)
            if tuple(self.names[index : index + count]) == tuple(words):
                index += count
        return index


def scan_tokens(text: str) -> list[Token]:
    """``pglast.parser.scan`` (str offsets, inclusive ends), fast on non-ASCII text too.

    pglast maps each token's byte offset back to a str index with a linear search over every
    multi-byte character, which is quadratic on long non-ASCII text. A non-ASCII character
    is an identifier character (inside literals, quoted names and comments just content), so
    the scan runs on a same-length ASCII stand-in: the letter ``z``, which begins no prefixed
    literal (``x''`` is a hex string, ``e''`` an escape string, ``0x1`` a number, ``1e5``
    too) and spells only the keyword ``zone``.
    """
    if text.isascii() or _NON_ASCII_TAG.search(text):
        return list(scan(text))
    try:
        return list(scan(_NON_ASCII.sub(_as_z, text)))
    except ParseError:
        return list(scan(text))  # raises again, quoting the real text


def _as_z(match: re.Match[str]) -> str:
    return "z" * len(match.group())


def split_statements(names: list[str]) -> list[tuple[int, int, bool]]:
    """(first, last, ends with ``;``) indices of each statement in scanner token ``names``.

    ``names`` holds no comments. Splits at every ``;`` except inside a ``BEGIN ATOMIC ... END``
    routine body, so that an unbalanced parenthesis does not swallow the rest of the file.
    """
    parts: list[tuple[int, int, bool]] = []
    first = 0
    depth = 0
    routine = False
    for index, name in enumerate(names):
        if index == first:
            routine = _is_routine(names[first : first + 4])
            depth = 0
        if name == SEMICOLON and depth <= 0:
            if index > first:
                parts.append((first, index, True))
            first = index + 1
        elif routine and name in _BLOCK_OPENERS:
            depth += 1
        elif routine and name == "END_P":
            depth -= 1
    if first < len(names):
        parts.append((first, len(names) - 1, False))
    return parts


def _is_routine(head: list[str]) -> bool:
    """Whether a statement starting with these four tokens creates a function or procedure."""
    if head[:1] != ["CREATE"]:
        return False
    if head[1:3] == ["OR", "REPLACE"]:
        head = head[2:]
    return len(head) > 1 and head[1] in _ROUTINE_KINDS


def name_end(text: str, start: int) -> int:
    """The end of the possibly qualified, possibly quoted name starting at ``start``."""
    match = _QUALIFIED_RE.match(text, start)
    return match.end() if match else start


def ident_end(text: str, start: int) -> int:
    match = _IDENT_RE.match(text, start)
    return match.end() if match else start


class Stmt:
    """One statement of a piece: ``text[start:end]``, its file span, and its tokens on demand."""

    __slots__ = ("_span", "_tokens", "end", "piece", "start")

    def __init__(self, piece: Piece, start: int, end: int) -> None:
        self.piece = piece
        self.start = start
        self.end = end
        self._tokens: Tokens | None = None
        self._span: Span | None = None

    @property
    def context(self) -> bool:
        """Whether the statement is in a context file: its sub-spans are never reported."""
        return self.piece.context

    @property
    def tokens(self) -> Tokens:
        if self._tokens is None:
            self._tokens = Tokens(self.piece.text, self.start, self.end)
        return self._tokens

    def tokens_in(self, start: int, end: int) -> Tokens:
        """Tokens covering ``text[start:end]``: the statement's if already scanned, else only
        that region's (not kept). ``start`` must be where a token starts.

        The scanner's cost is per character of what it scans, so a context file, which needs
        a few parts of a statement and no sub-span, scans just those. A region that starts
        where a token starts is lexed from the scanner's initial state, as the whole statement
        is there: its tokens are the statement's own, up to where the region ends.
        """
        if self._tokens is not None:
            return self._tokens
        return Tokens(self.piece.text, start, end)

    def reuse(self, tokens: Tokens) -> None:
        """Adopts tokens already scanned for this statement (comments are not tokens)."""
        self._tokens = tokens

    @property
    def span(self) -> Span:
        if self._span is None:
            self._span = self.piece.span(self.start, self.end)
        return self._span

    def from_start(self, start: int) -> Span:
        """From ``start`` to the end of the statement: a context file's stand-in for a
        sub-span, keeping the start exact (the replay orders constraints by it) without
        scanning for the end."""
        return self.piece.span(start, self.end)

    def loc(self, node: dict[str, object]) -> int:
        """The str offset of a node's ``location`` (the statement start when it has none)."""
        location = node.get("location", -1)
        if isinstance(location, int) and location >= 0:
            return self.piece.loc(location)
        return self.start

    def sql(self, start: int, end: int) -> str:
        return self.piece.text[start:end]

    def tokens_sql(self, first: int, last: int) -> str:
        """The source text from token ``first`` to token ``last`` (inclusive)."""
        tokens = self.tokens
        if first > last or last >= len(tokens):
            return ""
        return self.piece.text[tokens.starts[first] : tokens.ends[last]]

    def tokens_span(self, first: int, last: int) -> Span:
        tokens = self.tokens
        if first > last or last >= len(tokens):
            return self.span
        return self.piece.span(tokens.starts[first], tokens.ends[last])
