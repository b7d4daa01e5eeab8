"""Functions and extensions in the catalog.

A function is keyed by its signature, ``(schema, name, input argument types)``, as PostgreSQL
identifies it: ``f(int4)`` and ``f(text)`` are two functions, each with its own privileges.
"""

from __future__ import annotations

from schemalint.catalog.privileges import Acl
from schemalint.frozen import frozen
from schemalint.source import Span

FunctionKey = tuple[str, str, tuple[str, ...]]

# Functions that the database calls itself; no role can call them through the API.
NOT_CALLABLE_RETURNS = frozenset({"trigger", "event_trigger"})


@frozen
class Function:
    """A function or procedure.

    ``span``/``name_span``: the CREATE statement that last defined it and its name there.
    ``security_definer``; ``search_path``: a ``SET search_path`` is in force (any value),
    ``search_path_span`` the ``ALTER FUNCTION`` that last set or reset it (``None``: the
    definition decided). ``acl``: who may execute it (``catalog.privileges``).
    ``exposure_span``: the last statement that could make it callable with its owner's
    rights (an ``ALTER FUNCTION ... SECURITY``, a GRANT; a REVOKE only takes away);
    ``None`` when only the definition did. ``volatility``: ``volatile``, ``stable`` or
    ``immutable``, as last defined.
    """

    schema: str
    name: str
    args: tuple[str, ...]
    returns: str
    span: Span
    name_span: Span
    security_definer: bool = False
    search_path: bool = False
    search_path_span: Span | None = None
    acl: Acl = ()
    exposure_span: Span | None = None
    volatility: str = "volatile"

    @property
    def key(self) -> FunctionKey:
        return (self.schema, self.name, self.args)

    @property
    def signature(self) -> str:
        return f"{self.schema}.{self.name}({', '.join(self.args)})"

    @property
    def callable(self) -> bool:
        """Trigger and event-trigger functions run only when the database fires them."""
        return self.returns not in NOT_CALLABLE_RETURNS


@frozen
class Extension:
    """An extension and the schema its objects were created in (``span``: where that was
    last decided: the CREATE EXTENSION or an ``ALTER EXTENSION ... SET SCHEMA``)."""

    name: str
    schema: str
    span: Span
