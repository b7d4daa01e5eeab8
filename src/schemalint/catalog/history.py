"""Which statement last removed or changed each object of a replayed history.

SL801 (prisma-migration-drift) points a difference at the statement that made it: the
``DROP INDEX`` that removed an index the Prisma schema declares, the ``ALTER COLUMN ... TYPE``
that changed a column. The replay keeps only the final state; this follows it statement by
statement, comparing the tables a statement replaced (tables are frozen: an untouched table is
the same object before and after), so it sees drops, renames, SQLite's table redefinitions
and cascades alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from schemalint.catalog.model import Table
from schemalint.source import Span

# ("table", schema, table), ("column", schema, table, column), ("index", schema, table, name),
# ("constraint", schema, table, name).
ObjectKey = tuple[str, ...]


def object_states(table: Table) -> dict[ObjectKey, object]:
    """Every object of ``table`` by key, with a value that changes when the object does (its
    ``shape``: a span moving is no change)."""
    schema, name = table.key
    states: dict[ObjectKey, object] = {("table", schema, name): None}
    for column in table.columns:
        states[("column", schema, name, column.name)] = column.shape
    for index in table.indexes:
        states[("index", schema, name, index.name)] = index.shape
    for constraint in table.constraints:
        states[("constraint", schema, name, constraint.name)] = constraint.shape
    return states


@dataclass
class HistoryMarks:
    """Per object key, the statement that last removed it and the one that last changed it."""

    removed: dict[ObjectKey, Span] = field(default_factory=dict)
    changed: dict[ObjectKey, Span] = field(default_factory=dict)

    def track(
        self,
        before: Mapping[tuple[str, str], Table],
        after: Mapping[tuple[str, str], Table],
        span: Span,
    ) -> None:
        """Record what the statement at ``span`` did, from the tables before and after it."""
        for key in before.keys() | after.keys():
            old, new = before.get(key), after.get(key)
            if old is new:
                continue
            old_states = object_states(old) if old is not None else {}
            new_states = object_states(new) if new is not None else {}
            for object_key, state in old_states.items():
                if object_key not in new_states:
                    self.removed[object_key] = span
                elif new_states[object_key] != state:
                    self.changed[object_key] = span
            for object_key in new_states.keys() - old_states.keys():
                # Made again: an earlier removal no longer explains its absence.
                self.removed.pop(object_key, None)
                self.changed.pop(object_key, None)
