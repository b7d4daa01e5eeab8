"""Functions, DO blocks and triggers."""

from __future__ import annotations

from schemalint.frozen import frozen
from schemalint.ir.base import Statement, TableRef
from schemalint.ir.privileges import FunctionRef
from schemalint.source import Span


@frozen
class CreateFunction(Statement):
    """A function or procedure; ``body`` holds the statements found in its body.

    Body statements keep spans into the file. They run when the function is called, not
    when the migration runs: the replay does not apply them; change rules still see them.
    ``dynamic`` is true when the body runs SQL built at run time (EXECUTE).
    ``user_metadata`` is true when the body reads the user-editable metadata (see
    ``ClauseFacts.user_metadata``), known in context files too.
    ``arguments`` are the input argument types (normalised as in ``FunctionRef``: ``int4``,
    ``text[]``, ``OUT`` and ``TABLE`` columns left out): with the name they are the
    signature, which tells which function a later ``CREATE OR REPLACE`` replaces.
    ``returns`` is the return type (``trigger``, ``event_trigger``, ``void``... ``""`` for a
    procedure); ``security_definer`` and ``search_path`` (a ``SET search_path`` option,
    whatever its value) are as written; ``replace`` is ``OR REPLACE``; ``name_span`` covers
    the name. ``volatility``: ``volatile`` (PostgreSQL's default), ``stable`` or ``immutable``.
    """

    schema: str | None
    name: str
    language: str
    body: tuple[Statement, ...] = ()
    dynamic: bool = False
    user_metadata: bool = False
    arguments: tuple[str, ...] = ()
    returns: str = ""
    security_definer: bool = False
    search_path: bool = False
    replace: bool = False
    name_span: Span | None = None
    volatility: str = "volatile"


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


@frozen
class AlterFunction(Statement):
    """``ALTER FUNCTION|PROCEDURE|ROUTINE``: what changed, ``None`` where nothing did.

    ``search_path``: ``True`` for ``SET search_path``, ``False`` for ``RESET search_path`` or
    ``RESET ALL``. ``security_definer``: ``SECURITY DEFINER`` / ``INVOKER``. ``new_name``
    (``RENAME TO``) and ``new_schema`` (``SET SCHEMA``) move it.
    """

    function: FunctionRef
    search_path: bool | None = None
    security_definer: bool | None = None
    new_name: str | None = None
    new_schema: str | None = None


@frozen
class DropFunction(Statement):
    functions: tuple[FunctionRef, ...]
    if_exists: bool = False
