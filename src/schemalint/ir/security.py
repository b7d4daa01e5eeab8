"""Row level security: the table switches and its policies."""

from __future__ import annotations

from typing import Literal

from schemalint.frozen import frozen
from schemalint.ir.base import Statement, TableRef
from schemalint.source import Span

PolicyCommand = Literal["all", "select", "insert", "update", "delete"]


@frozen
class ColumnRead:
    """An unqualified name read inside sub-selects, whose owner only the catalog can tell.

    PostgreSQL binds it to the innermost relation in scope that has such a column: it is
    the statement's table's ``column`` unless a relation of ``inner`` (the enclosing
    sub-selects' FROM relations as (schema or None, name), innermost first) has one.
    """

    column: str
    inner: tuple[tuple[str | None, str], ...]


@frozen
class EnableRls(Statement):
    table: TableRef


@frozen
class DisableRls(Statement):
    table: TableRef


@frozen
class ForceRls(Statement):
    """``ALTER TABLE ... [NO] FORCE ROW LEVEL SECURITY``."""

    table: TableRef
    force: bool = True


@frozen
class Mention:
    """Something an expression says, as written (``text``) and where (``span``)."""

    text: str
    span: Span


@frozen
class ClauseFacts:
    """What the rules need to know of a policy clause, read from its parse tree.

    - ``span``: the expression inside the parentheses.
    - ``per_row_calls``: calls of ``auth.uid()``, ``auth.jwt()``, ``auth.role()``,
      ``auth.email()`` or ``current_setting(...)`` that PostgreSQL evaluates for each row:
      every one that is not the whole work of a scalar sub-select without FROM
      (``(select auth.uid())``, ``(select auth.jwt() ->> 'org')``), except calls whose
      arguments read the row's columns (they cannot be hoisted).
    - ``always_true``: the expression is constant and true (``true``, ``1 = 1``, ...).
    - ``null_auth``: a top-level ``OR`` disjunct ``auth.uid() IS NULL`` (or ``jwt``,
      ``role``, ``email``, ``current_setting(...)``), which lets anonymous requests in.
    - ``identity_columns``: the policy table's columns compared, outside sub-selects, with
      the user's identity or tenant (``user_id = (select auth.uid())``,
      ``organization_id IN (select ...)``, ``workspace_id = ANY (private.my_workspaces())``):
      equality or ``IN``/``ANY`` against an expression that calls a function or runs a
      sub-select and reads none of the row's columns.
    - ``user_metadata``: reads of the user-editable metadata: ``user_metadata`` taken from
      ``auth.jwt()`` or ``current_setting('request.jwt.claims')``, or the
      ``raw_user_meta_data`` column of ``auth.users``.
    - ``calls``: the other functions the clause calls, anywhere in it; ``text`` is the name
      as written, normalised (``private.is_admin``, or ``is_admin`` unqualified).
    - ``compared``: ``(qualifier, column, function)`` for each column (``qualifier`` is ``""``
      when unqualified) compared with ``=`` to a function call (directly, through a cast, or
      as ``(select f())``) in the clause's top-level ``AND`` chain: ``owner_id =
      auth.uid()`` is ``("", "owner_id", "auth.uid")``. Names as written (``auth.uid``).
    """

    span: Span
    per_row_calls: tuple[Mention, ...] = ()
    always_true: bool = False
    null_auth: Mention | None = None
    identity_columns: tuple[Mention, ...] = ()
    user_metadata: tuple[Mention, ...] = ()
    calls: tuple[Mention, ...] = ()
    compared: tuple[tuple[str, str, str], ...] = ()


@frozen
class PolicyClause:
    """A policy's ``USING (...)`` or ``WITH CHECK (...)``.

    ``sql``: the expression as written; ``columns``: the policy table's columns it reads;
    ``reads``: names read in sub-selects that may be its columns; ``facts``: what rules
    judge (see ``ClauseFacts``).
    """

    sql: str
    columns: tuple[str, ...] = ()
    reads: tuple[ColumnRead, ...] = ()
    facts: ClauseFacts | None = None


@frozen
class CreatePolicy(Statement):
    table: TableRef
    name: str
    name_span: Span
    command: PolicyCommand = "all"
    roles: tuple[str, ...] = ("public",)
    using: PolicyClause | None = None
    with_check: PolicyClause | None = None
    permissive: bool = True


@frozen
class AlterPolicy(Statement):
    """A clause (or ``roles``) left ``None`` is unchanged."""

    table: TableRef
    name: str
    new_name: str | None = None
    roles: tuple[str, ...] | None = None
    using: PolicyClause | None = None
    with_check: PolicyClause | None = None


@frozen
class DropPolicy(Statement):
    table: TableRef
    name: str
    if_exists: bool = False
