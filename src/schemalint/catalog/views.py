"""Views, materialized views and foreign tables in the catalog.

These are the relations that are not plain tables: the API serves them like tables, and
what they let a role read is decided by their own access list and, for a view, by whose
privileges its query runs with. Tables stay in ``Catalog.tables``; these live in
``Catalog.views`` (views and materialized views) and ``Catalog.foreign_tables``, keyed by
(schema, name) like tables, and share the schema's relation names with them.

``View.reads`` are the relations the query reads, resolved when the view was (re)defined
(``(schema, name)``; a relation the history does not know keeps the first schema of the
search path). ``View.columns`` are the tables' columns it reads, ``(schema, table,
column)``, bound as PostgreSQL binds the names then (``SELECT *`` reads every column the
table had): PostgreSQL refuses to drop one without CASCADE, and drops the view with it. ``exposure_span`` points at the last statement that could open the relation
to more readers (an ``ALTER VIEW ... SET/RESET (security_invoker)``, a GRANT; a REVOKE only
takes away), ``None`` when only the definition did; a finding lands there.

Replay rules (as PostgreSQL): ``CREATE OR REPLACE VIEW`` keeps the access list and replaces
the query and the options (no ``WITH`` resets ``security_invoker``); a new relation's access
list comes from the default privileges for ``TABLES``; GRANT/REVOKE ``ON [TABLE]`` and ``ON
ALL TABLES IN SCHEMA`` apply to views, materialized views and foreign tables alike.
"""

from __future__ import annotations

from schemalint.catalog.privileges import Acl
from schemalint.frozen import frozen
from schemalint.source import Span

AUTH_USERS = ("auth", "users")


@frozen
class View:
    """A view (``kind`` ``view``) or materialized view (``materialized view``).

    ``span`` is the statement that last (re)defined it, ``name_span`` its name there.
    ``security_invoker`` is the ``security_invoker`` option (views only; PostgreSQL 15+).
    ``acl`` is its access list (``catalog.privileges``).
    """

    schema: str
    name: str
    kind: str
    span: Span
    name_span: Span
    security_invoker: bool = False
    reads: tuple[tuple[str, str], ...] = ()
    acl: Acl = ()
    columns: tuple[tuple[str, str, str], ...] = ()
    exposure_span: Span | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.schema, self.name)

    @property
    def reads_auth_users(self) -> bool:
        return AUTH_USERS in self.reads


@frozen
class ForeignTable:
    """A foreign table: its rows come from a foreign server, whatever RLS says."""

    schema: str
    name: str
    span: Span
    name_span: Span
    acl: Acl = ()
    exposure_span: Span | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.schema, self.name)
