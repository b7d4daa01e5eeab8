"""Provenance: which statement last changed each property of a table that rules read.

A schema rule judges the final catalog, but a finding belongs where the problem was made: the
``DISABLE ROW LEVEL SECURITY``, the ``DROP POLICY`` that removed the last policy, the ``DROP
INDEX`` that uncovered a foreign key. The replay records, on each table, one ``Change`` per
property: the statement that gave the property its current value, and when (``order``, the
replay's count of changes, comparable across files of one history). A property the history
never changed since the table was created has no record: the problem, if any, was born with
the definition.

Properties are named by the constants and functions below (documented vocabulary, not free
text). A record is written only when the property's value really changes: a second ``ENABLE
ROW LEVEL SECURITY`` on an enabled table moves nothing.

- ``RLS``: whether row level security is enabled (ENABLE / DISABLE ROW LEVEL SECURITY).
- ``RLS_FORCED``: whether it is forced (FORCE / NO FORCE).
- ``POLICIES``: whether the table has any policy (the CREATE POLICY that added the first, the
  DROP POLICY or DROP COLUMN ... CASCADE that removed the last).
- ``SCHEMA``: which schema holds the table (ALTER TABLE ... SET SCHEMA).
- ``column(name)``: whether a column of that name exists (ADD, DROP, RENAME COLUMN).
- ``not_null(name)``: whether that column is NOT NULL (SET / DROP NOT NULL).
- ``key(columns)``: an index, PRIMARY KEY, UNIQUE or EXCLUDE constraint whose leading columns
  are exactly ``columns`` (in any order) was removed; so a foreign key on them may have lost
  its index. A partial index counts only where it could serve the key's lookups (its WHERE
  only says key columns are not null).
- ``constraint(name)``: the constraint was added to a table that already existed (ALTER
  TABLE ... ADD CONSTRAINT, ADD COLUMN ... REFERENCES).
- ``trigger(function)``: a trigger calling ``function`` went away (DROP TRIGGER, or CREATE OR
  REPLACE TRIGGER with another function); ``removed_triggers`` lists them.
- ``foreign_key_removed(column)``: a foreign key of this table holding a column of that name
  went away (DROP CONSTRAINT, or a DROP ... CASCADE of what it referenced): the column may no
  longer reference its tenant.
- ``referenced_by(column)``: recorded on the *referenced* table, a foreign key from a column of
  that name (in any table) to it went away (DROP CONSTRAINT, DROP COLUMN, DROP TABLE of the
  referencing table): the referenced table may stop being a tenant root.

The ``key`` property also says "an index covering these columns went away" to a rule that asks
whether some index leads with them (SL602).

Rules read it through ``Table.latest(*properties)``: the latest change among the properties
their condition depends on, or ``None`` when the table was born that way; ``made_at`` then
says where the finding goes. Constraints, indexes and policies carry their own ``order`` (the
clock when they were made; a policy's when its clauses were last set): a finding about one of
them goes to a change only if that change came after it, never to an earlier file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from schemalint.frozen import frozen
from schemalint.source import Span

RLS = "rls"
RLS_FORCED = "rls-forced"
POLICIES = "policies"
SCHEMA = "schema"


def column(name: str) -> str:
    return f"column {name}"


def not_null(name: str) -> str:
    return f"not-null {name}"


def key(columns: Iterable[str]) -> str:
    return "key " + ",".join(sorted(columns))


def constraint(name: str) -> str:
    return f"constraint {name}"


def referenced_by(column: str) -> str:
    return f"referenced-by {column}"


def foreign_key_removed(column: str) -> str:
    return f"foreign-key-removed {column}"


_TRIGGER = "trigger "


def trigger(function: str) -> str:
    return _TRIGGER + function


@frozen
class Change:
    """``prop`` got its current value from the statement at ``span``; ``order`` ranks changes."""

    prop: str
    span: Span
    order: int


def record(
    changes: tuple[Change, ...], props: Sequence[str], span: Span, order: int
) -> tuple[Change, ...]:
    """``changes`` with each of ``props`` now last changed at ``span``."""
    if len(props) == 1:  # most records: one property, often new to the table
        prop = props[0]
        for change in changes:
            if change.prop == prop:
                changes = tuple(c for c in changes if c.prop != prop)
                break
        return (*changes, Change(prop, span, order))
    wanted = tuple(dict.fromkeys(props))
    kept = tuple(c for c in changes if c.prop not in wanted)
    return kept + tuple(Change(prop, span, order) for prop in wanted)


def latest(changes: tuple[Change, ...], props: Iterable[str]) -> Change | None:
    """The most recent change among ``props``, ``None`` when none of them ever changed."""
    wanted = set(props)
    found: Change | None = None
    for change in changes:
        if change.prop in wanted and (found is None or change.order > found.order):
            found = change
    return found


def key_props(
    columns: tuple[str | None, ...], not_null_predicate: tuple[str, ...] | None = None
) -> list[str]:
    """The ``key`` properties an index on ``columns`` serves: each prefix of plain columns.

    ``not_null_predicate``: for a partial index whose WHERE only says those columns are not
    null, the prefixes that include them all (the lookups of a key on them can use it).
    """
    props = []
    needed = set(not_null_predicate or ())
    for width in range(1, len(columns) + 1):
        prefix = columns[:width]
        if None in prefix:
            break
        if needed <= set(prefix):
            props.append(key(c for c in prefix if c is not None))
    return props


def removed_triggers(changes: Iterable[Change]) -> Iterator[tuple[str, Change]]:
    """The functions of the triggers that went away, each with its ``trigger`` change."""
    for change in changes:
        if change.prop.startswith(_TRIGGER):
            yield change.prop[len(_TRIGGER) :], change


def made_at(change: Change | None, definition: Span, born: int = 0) -> Span:
    """Where a finding goes: the statement of ``change``, unless there is none, it came
    before the object was made (``born``: the object's ``order``), or it is the very statement
    that defined the object (then the object was born with the problem, and the finding
    points at its ``definition``)."""
    if change is None or change.order <= born:
        return definition
    span = change.span
    if span.path == definition.path and span.start <= definition.start <= span.end:
        return definition
    return span
