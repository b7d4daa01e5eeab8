"""Source files, spans and the one place where offsets become lines and columns."""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field

from schemalint.frozen import frozen

_LINE_BREAK = re.compile(r"\r\n?|\n")


@frozen
class Span:
    """A half-open range ``[start, end)`` of *str* offsets in the file at ``path``."""

    path: str
    start: int
    end: int


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
