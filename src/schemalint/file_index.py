"""What the statements of one file did so far, for change rules to ask in O(1) or O(log n).

The engine adds each top-level statement of a target file once its change rules have run
(and before the next statement's run), so the index always holds exactly the statements
*earlier* than the one being judged: rules ask it instead of rescanning the file's statements,
which made a file of n statements cost O(n²). Added statements are indexed when a rule first
asks, so a file whose rules ask nothing pays an append per statement.

Statements arrive in source order: their spans start at non-decreasing offsets (the sub-
commands of one ``ALTER TABLE`` share the statement's span), all in the one file. So a span is
found by bisecting the starts, and the offsets are kept as machine integers (a huge file has
hundreds of thousands of statements).
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from schemalint import ir
from schemalint.source import Span

_T = TypeVar("_T")
# Statements added are indexed in batches of this many: a file whose rules ask nothing pays
# little per statement, and the statements are let go soon (a huge file's are never all held).
_BATCH = 512

ColumnChange = ir.Update | ir.AddColumn | ir.RenameColumn
"""A statement that gives a column values or its name: ``UPDATE ... SET``, ``ADD COLUMN``,
``RENAME COLUMN ... TO``."""


def _run_now(statement: ir.Statement) -> Iterator[ir.Statement]:
    """The statement, then those of its DO blocks (which run now, unlike function bodies)."""
    yield statement
    if isinstance(statement, ir.DoBlock):
        for inner in statement.body:
            yield from _run_now(inner)


class FileIndex:
    """The earlier top-level statements of one file, by statement index."""

    def __init__(self, statements: Iterable[ir.Statement] = ()) -> None:
        # Added but not yet indexed: a file whose rules ask nothing costs an append each.
        self._pending: list[ir.Statement] = list(statements)
        self._path: str | None = None
        self._starts = array("q")
        self._ends = array("q")
        # The largest end of the statements up to each one (they may share a span).
        self._reach = array("q")
        # By column name: (order, statement), in the order the statements run.
        self._column_changes: dict[str, list[tuple[int, ColumnChange]]] = {}
        self._order = 0
        self._carried: dict[object, object] = {}

    @property
    def count(self) -> int:
        """How many statements were added."""
        return len(self._starts) + len(self._pending)

    def add(self, statement: ir.Statement) -> None:
        """Record ``statement``, the next top-level statement of the file."""
        self._pending.append(statement)
        if len(self._pending) >= _BATCH:
            self._catch_up()

    def carried(self, key: object, make: Callable[[], _T]) -> _T:
        """What a rule carries from one statement of the file to the next (``key``: its
        own), made by ``make`` at its first ask. The engine offers a rule the file's
        statements in order, each once: a rule keeps there what it needs of the earlier ones
        instead of reading them again (they are let go)."""
        found = self._carried.get(key)
        if found is None:
            found = self._carried[key] = make()
        return found  # type: ignore[return-value]

    def _catch_up(self) -> None:
        for statement in self._pending:
            self._index(statement)
        self._pending.clear()

    def _index(self, statement: ir.Statement) -> None:
        span = statement.span
        if self._path is None:
            self._path = span.path
        self._starts.append(span.start)
        self._ends.append(span.end)
        self._reach.append(max(span.end, self._reach[-1]) if self._reach else span.end)
        for part in _run_now(statement):
            self._order += 1
            if isinstance(part, ir.Update):
                for column in dict.fromkeys(part.columns):
                    self._column_changes.setdefault(column, []).append((self._order, part))
            elif isinstance(part, ir.AddColumn):
                entry = (self._order, part)
                self._column_changes.setdefault(part.column.name, []).append(entry)
            elif isinstance(part, ir.RenameColumn):
                self._column_changes.setdefault(part.new_name, []).append((self._order, part))

    def has_statement(self, span: Span) -> bool:
        """Whether an earlier statement has exactly ``span`` (a created object's span)."""
        self._catch_up()
        if span.path != self._path:
            return False
        index = bisect.bisect_left(self._starts, span.start)
        while index < len(self._starts) and self._starts[index] == span.start:
            if self._ends[index] == span.end:
                return True
            index += 1
        return False

    def first_at(self, start: int) -> int | None:
        """The index of the first earlier statement starting at offset ``start``."""
        self._catch_up()
        index = bisect.bisect_left(self._starts, start)
        return index if index < len(self._starts) and self._starts[index] == start else None

    def covers(self, offset: int) -> bool:
        """Whether an earlier statement's span holds offset ``offset``."""
        self._catch_up()
        last = bisect.bisect_right(self._starts, offset) - 1
        return last >= 0 and self._reach[last] > offset

    def column_changes(
        self, column: str, before: int | None = None
    ) -> Iterator[tuple[int, ColumnChange]]:
        """The earlier statements (DO blocks' included) that change a column named
        ``column``, of any table, latest first, with their run order; only those that ran
        before order ``before`` when given."""
        self._catch_up()
        for order, statement in reversed(self._column_changes.get(column, ())):
            if before is None or order < before:
                yield order, statement
