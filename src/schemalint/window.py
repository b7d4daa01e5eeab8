"""The statements of one file that the engine still holds while it lints the file.

The engine takes a file's statements from its frontend as they are made, judges and replays
each, and lets it go: a huge file's IR is never whole. It holds a statement only while the
answers about it may still change (the runner's segments, ``tools.file_runner``) or while a
rule reads the statements after it (``ChangeRule.looks_ahead``). Rules see the statements as a
``Window``: indexed by their position in the file, holding the ones not yet let go.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from typing import overload

from schemalint import ir


class Window(Sequence[ir.Statement]):
    """A file's statements from ``offset`` (the first one still held) to the last one taken.

    ``len`` counts every statement taken so far; asking for one let go raises IndexError.
    """

    __slots__ = ("_held", "offset")

    def __init__(self) -> None:
        self._held: deque[ir.Statement] = deque()
        self.offset = 0

    @property
    def held(self) -> int:
        """How many statements are held."""
        return len(self._held)

    def take(self, statement: ir.Statement) -> None:
        """Hold the file's next statement."""
        self._held.append(statement)

    def first(self) -> ir.Statement:
        """The earliest statement held (at index ``offset``)."""
        return self._held[0]

    def let_go(self) -> None:
        """Let go of the earliest statement held."""
        self._held.popleft()
        self.offset += 1

    def __len__(self) -> int:
        return self.offset + len(self._held)

    @overload
    def __getitem__(self, index: int) -> ir.Statement: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ir.Statement]: ...

    def __getitem__(self, index: int | slice) -> ir.Statement | Sequence[ir.Statement]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        position = index - self.offset
        if index < 0 or position < 0:
            raise IndexError(f"statement {index} was let go (or is not one)")
        return self._held[position]

    def __iter__(self) -> Iterator[ir.Statement]:
        if self.offset:
            raise IndexError(f"statements before {self.offset} were let go")
        return iter(self._held)
