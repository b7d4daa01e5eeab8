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
    """A file's statements from ``offset`` to the last one taken: ``held`` are those not yet
    let go (the engine appends to it, and pops the first one while adding 1 to ``offset``).

    ``len`` counts every statement taken so far; asking for one let go raises IndexError.
    """

    __slots__ = ("held", "offset")

    def __init__(self) -> None:
        self.held: deque[ir.Statement] = deque()
        self.offset = 0

    def __len__(self) -> int:
        return self.offset + len(self.held)

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
        return self.held[position]

    def __iter__(self) -> Iterator[ir.Statement]:
        if self.offset:
            raise IndexError(f"statements before {self.offset} were let go")
        return iter(self.held)
