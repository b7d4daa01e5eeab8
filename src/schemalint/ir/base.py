"""Statements in general: the base class, table references, what the IR does not model."""

from __future__ import annotations

from schemalint.frozen import frozen
from schemalint.source import Span


@frozen
class Statement:
    """The base of every IR statement; ``span`` covers the whole SQL statement."""

    span: Span


@frozen
class TableRef:
    """A table as a statement names it.

    ``span`` covers the name as written, or the whole statement where the parser gives no
    position for the name and in context files. ``if_exists``: the statement says ``IF
    EXISTS`` for the table (``ALTER TABLE IF EXISTS``): a missing table is no error.
    ``only``: an ALTER TABLE that says ``ONLY`` (it does not recurse to the table's
    inheritors and partitions).
    """

    schema: str | None
    name: str
    span: Span
    if_exists: bool = False
    only: bool = False

    def display(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


@frozen
class Opaque(Statement):
    """A statement the IR does not model (GRANT, COMMENT, CREATE TYPE, INSERT...).

    ``tables`` lists tables whose shape it may change in ways the catalog cannot follow;
    the replay marks them incomplete. Statements that do not change table shape (GRANT,
    COMMENT, INSERT, SELECT) leave ``tables`` empty.
    """

    kind: str
    tables: tuple[TableRef, ...] = ()
    # Relations it makes that the catalog does not model (views, sequences, temporary
    # tables: schema ``pg_temp``), so that statements naming them are not taken for mistakes.
    creates: tuple[TableRef, ...] = ()


@frozen
class Unparsable(Statement):
    """A statement that does not parse; ``message`` says what the parser expected."""

    message: str
