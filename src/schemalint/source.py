"""Source files, spans and the one place where offsets become lines and columns."""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field

from schemalint.frozen import frozen

_LINE_BREAK = re.compile(r"\r\n?|\n")


# Spans by the million: the catalog of a 50 MB file keeps ~16 per table. A dataclass of
# three fields is 56 bytes plus 28 for each offset int past 256; one int packing a path
# number and both offsets is 48 (56 past the first path): a third as much.
_OFFSET_BITS = 32
_OFFSET_MASK = (1 << _OFFSET_BITS) - 1
_PATH_SHIFT = 2 * _OFFSET_BITS
_PATHS: list[str] = []  # the paths of the spans made so far, by number (see Span.__new__)
_PATH_BITS: dict[str, int] = {}  # path -> its number << _PATH_SHIFT
_new_int = int.__new__


class Span(int):
    """A half-open range ``[start, end)`` of *str* offsets in the file at ``path``.

    Made as ``Span(path, start, end)`` and read as ``.path``, ``.start`` and ``.end``, with
    the equality, hash, repr and pickling of a frozen dataclass of those three fields. It is
    one int: ``path number << 64 | start << 32 | end``, the path numbered in the order paths
    are first seen in the process (pickling sends the path itself). Offsets are below 2**32.
    """

    __slots__ = ()
    __match_args__ = ("path", "start", "end")

    def __new__(cls, path: str, start: int, end: int) -> Span:
        bits = _PATH_BITS.get(path)
        if bits is None:
            bits = _PATH_BITS.setdefault(path, len(_PATHS) << _PATH_SHIFT)
            _PATHS.append(path)
        if (start | end) >> _OFFSET_BITS:  # negative, or 2**32 and more
            raise ValueError(f"span offsets out of range: {start}, {end}")
        return _new_int(cls, bits | start << _OFFSET_BITS | end)

    @property
    def path(self) -> str:
        return _PATHS[self >> _PATH_SHIFT]

    @property
    def start(self) -> int:
        return self >> _OFFSET_BITS & _OFFSET_MASK

    @property
    def end(self) -> int:
        return self & _OFFSET_MASK

    # Equal to a span of the same path and offsets only (never to an int: a NotImplemented
    # would let int's own comparison answer), unordered, never false (the int 0 is a span
    # too): as the dataclass was.
    def __eq__(self, other: object) -> bool:
        return other.__class__ is Span and int.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return other.__class__ is not Span or int.__ne__(self, other)

    __hash__ = int.__hash__

    def __lt__(self, other: object) -> bool:
        raise TypeError("spans are not ordered")

    __le__ = __gt__ = __ge__ = __lt__

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"Span(path={self.path!r}, start={self.start!r}, end={self.end!r})"

    __str__ = __repr__

    def __reduce__(self) -> tuple[type[Span], tuple[str, int, int]]:
        return (Span, (self.path, self.start, self.end))


@frozen
class Position:
    """A 1-based line and column (columns count Unicode code points)."""

    line: int
    column: int


@dataclass(frozen=True)
class SourceFile:
    """One input file.

    ``path`` is the display path (POSIX, relative to the working directory when under it).
    ``text`` is the file as read (BOM removed, newlines kept as they were).
    ``masked`` is what the frontends parse: ``text`` with regions that must not be parsed
    (down sections, tool placeholders) replaced by same-length text, so offsets agree.
    """

    path: str
    text: str
    masked: str = ""
    # Machine integers: a list holds an int object per line, several times the text's size.
    _line_starts: array[int] = field(
        default_factory=lambda: array("q"), init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if not self.masked:
            object.__setattr__(self, "masked", self.text)
        if len(self.masked) != len(self.text):
            raise ValueError("masked text must keep the length of the original")

    def span(self, start: int, end: int) -> Span:
        return Span(self.path, start, end)

    def position(self, offset: int) -> Position:
        """The 1-based line and column of a str offset (clamped into the file)."""
        starts = self._starts()
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(starts, offset) - 1
        return Position(line + 1, offset - starts[line] + 1)

    def line_bounds(self, line: int) -> tuple[int, int]:
        """The offsets where a 1-based line starts and ends (its line break excluded)."""
        starts = self._starts()
        if not 1 <= line <= len(starts):
            return len(self.text), len(self.text)
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start, end = self.line_bounds(line)
        return self.text[start:end]

    def _starts(self) -> array[int]:
        if not self._line_starts:
            self._line_starts.append(0)
            if "\r" in self.text:
                # A lone CR ends a line too (old Mac files), as it does in editors.
                self._line_starts.extend(m.end() for m in _LINE_BREAK.finditer(self.text))
            else:
                text = self.text
                index = text.find("\n")
                while index != -1:
                    self._line_starts.append(index + 1)
                    index = text.find("\n", index + 1)
        return self._line_starts
