"""Functions, DO blocks and triggers."""

from __future__ import annotations

from schemalint.frozen import frozen
from schemalint.ir.base import Statement, TableRef


@frozen
class CreateFunction(Statement):
    """A function or procedure; ``body`` holds the statements found in its body.

    Body statements keep spans into the file. They run when the function is called, not
    when the migration runs: the replay does not apply them; change rules still see them.
    ``dynamic`` is true when the body runs SQL built at run time (EXECUTE).
    ``user_metadata`` is true when the body reads the user-editable metadata (see
    ``ClauseFacts.user_metadata``), known in context files too. ``arguments`` are the input
    argument types as the parser spells them (``int4``, ``text[]``): with the name they tell
    which function a later ``CREATE OR REPLACE`` replaces.
    """

    schema: str | None
    name: str
    language: str
    body: tuple[Statement, ...] = ()
    dynamic: bool = False
    user_metadata: bool = False
    arguments: tuple[str, ...] = ()


@frozen
class DoBlock(Statement):
    """An anonymous ``DO`` block: its body runs during the migration."""

    language: str
    body: tuple[Statement, ...] = ()
    dynamic: bool = False


@frozen
class CreateTrigger(Statement):
    table: TableRef
    name: str
    function: str


@frozen
class DropTrigger(Statement):
    table: TableRef
    name: str
    if_exists: bool = False
