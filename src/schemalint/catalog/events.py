"""What the replay noticed while applying a statement: a statement the database would refuse.

The replay never raises (see ``replay``); where PostgreSQL would stop the migration, it
records an event on the catalog and goes on as the module docstring of ``replay`` says. The
engine takes the events after each statement and hands them to the rules that judge them
(SL003, SL004): the replay is the one place that knows the history, rules do not re-derive it.
"""

from __future__ import annotations

from schemalint import ir
from schemalint.frozen import frozen
from schemalint.source import Span


@frozen
class ReplayEvent:
    """``span``: where a finding points (the name as written, else the statement)."""

    span: Span


@frozen
class UnknownTable(ReplayEvent):
    """A statement needs a table the history has not made (and may not have made).

    ``action`` is the statement as the user knows it (``ALTER TABLE``, ``DROP TABLE``,
    ``CREATE INDEX``, ``CREATE POLICY``...); ``schema`` is where PostgreSQL looks for an
    unqualified name now (``None`` when no schema of the search path exists).
    """

    table: ir.TableRef
    schema: str | None
    action: str


@frozen
class WouldFail(ReplayEvent):
    """A statement PostgreSQL rejects in the state the history left.

    ``message`` is PostgreSQL's error, ``details`` its DETAIL lines (what depends on what),
    ``hint`` what to write instead.
    """

    message: str
    details: tuple[str, ...] = ()
    hint: str = ""
