"""Maintenance and validation: statements that change no table's shape but matter to a live
database (the locks they take, whether they can run inside a transaction block)."""

from __future__ import annotations

import re
from typing import Literal

from schemalint.frozen import frozen
from schemalint.ir.base import Statement, TableRef
from schemalint.source import Span

ReindexTarget = Literal["index", "table", "schema", "database", "system"]


@frozen
class ValidateConstraint(Statement):
    """``ALTER TABLE ... VALIDATE CONSTRAINT name``: checks the rows a NOT VALID add skipped."""

    table: TableRef
    name: str
    name_span: Span


@frozen
class Reindex(Statement):
    """``REINDEX [ (CONCURRENTLY) ] INDEX|TABLE|SCHEMA|DATABASE|SYSTEM name``.

    ``table`` is set for ``REINDEX TABLE``, ``index`` (schema or None, name) for ``REINDEX
    INDEX``.
    """

    target: ReindexTarget
    concurrently: bool = False
    table: TableRef | None = None
    index: tuple[str | None, str] | None = None


@frozen
class NonTransactional(Statement):
    """A statement PostgreSQL never runs inside a transaction block (error 25001).

    ``command`` names it as a message says it: ``VACUUM``, ``ALTER SYSTEM``, ``CREATE
    DATABASE``, ``DROP DATABASE``, ``CREATE TABLESPACE``, ``DROP TABLESPACE``, ``DETACH
    PARTITION ... CONCURRENTLY``. ``tables`` are tables whose shape it changes in ways the
    catalog does not follow (as ``Opaque.tables``: the replay marks them incomplete).
    """

    command: str
    tables: tuple[TableRef, ...] = ()
    # Tables it rewrites under an ACCESS EXCLUSIVE lock (``VACUUM FULL``'s); ``rewrites_all``:
    # ``VACUUM FULL`` without a table, which rewrites every table of the database.
    rewrites: tuple[TableRef, ...] = ()
    rewrites_all: bool = False


@frozen
class RewriteTable(Statement):
    """A statement that rewrites whole tables under an ACCESS EXCLUSIVE lock and changes
    nothing the catalog models: ``SET LOGGED``, ``SET UNLOGGED``, ``CLUSTER`` (``tables``
    empty: every table clustered before)."""

    command: str
    tables: tuple[TableRef, ...] = ()


@frozen
class AddEnumValue(Statement):
    """``ALTER TYPE name ADD VALUE 'value'``: ``schema`` is ``None`` when not qualified."""

    schema: str | None
    type_name: str
    value: str


@frozen
class SetLockTimeout(Statement):
    """``SET [SESSION | LOCAL] lock_timeout = value``, ``SELECT set_config('lock_timeout',
    value, is_local)``, and what puts it back to the server's default: ``RESET lock_timeout``,
    ``SET lock_timeout TO DEFAULT``, ``RESET ALL``.

    ``value`` is the setting as written (``None``: back to the default); ``local``: it lasts
    to the end of the transaction block only (``SET LOCAL``, ``is_local`` true).
    """

    value: str | None
    local: bool = False

    @property
    def limits(self) -> bool:
        """Whether it sets a timeout: a value other than zero (``0`` means wait forever)."""
        return self.value is not None and _ZERO.match(self.value.strip()) is None


_ZERO = re.compile(r"^[+-]?0*(?:\.0*)?\s*(?:us|ms|s|min|h|d)?$", re.IGNORECASE)
