"""Privileges: GRANT / REVOKE and ALTER DEFAULT PRIVILEGES, and how statements name functions."""

from __future__ import annotations

from typing import Literal

from schemalint.frozen import frozen
from schemalint.ir.base import Statement, TableRef
from schemalint.source import Span

# The object classes whose privileges the catalog follows (default privileges say
# ``TABLES``, ``FUNCTIONS``, ``SEQUENCES``; views, materialized views and foreign tables are
# ``TABLES`` to them, and ``FUNCTIONS`` covers procedures).
ObjectClass = Literal["tables", "functions", "sequences"]


@frozen
class FunctionRef:
    """A function as a statement names it: ``args`` are the input argument types, normalised
    (``int4``, ``text[]``, ``mood``: the type's name without its schema), or ``None`` when the statement gave no list (then
    the name must be unique, as PostgreSQL requires). ``span`` covers the name as written."""

    schema: str | None
    name: str
    args: tuple[str, ...] | None
    span: Span

    def display(self) -> str:
        name = f"{self.schema}.{self.name}" if self.schema else self.name
        return name if self.args is None else f"{name}({', '.join(self.args)})"


@frozen
class Privileges(Statement):
    """``GRANT``/``REVOKE`` of privileges on tables (views...), sequences or functions.

    ``privileges`` are lower-case names; ``()`` means ``ALL``. ``grantees`` are role names,
    ``public`` for PUBLIC. Either ``relations``/``functions`` list the objects, or
    ``all_in_schemas`` names the schemas of ``ALL TABLES|SEQUENCES|FUNCTIONS IN SCHEMA``.
    A REVOKE of ``GRANT OPTION FOR`` only keeps the privileges: it is not an IR statement.
    Column privileges (``GRANT SELECT (a) ON t``) are not table privileges and are left out.
    """

    grant: bool
    object_class: ObjectClass
    privileges: tuple[str, ...]
    grantees: tuple[str, ...]
    relations: tuple[TableRef, ...] = ()
    functions: tuple[FunctionRef, ...] = ()
    all_in_schemas: tuple[str, ...] = ()


@frozen
class AlterDefaultPrivileges(Statement):
    """``ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT|REVOKE ... ON <class>``.

    ``roles`` empty means the role running the migration; ``schemas`` empty means the global
    entry (which may also take away the built-in defaults, such as PUBLIC's EXECUTE on
    functions); a per-schema entry only adds to the global one.
    """

    grant: bool
    object_class: ObjectClass
    privileges: tuple[str, ...]
    grantees: tuple[str, ...]
    roles: tuple[str, ...] = ()
    schemas: tuple[str, ...] = ()
