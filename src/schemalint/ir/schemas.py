"""Schemas, the search path and type renames."""

from __future__ import annotations

from schemalint.frozen import frozen
from schemalint.ir.base import Statement


@frozen
class CreateSchema(Statement):
    """``CREATE SCHEMA name [element ...]``: the elements (CREATE TABLE, CREATE INDEX,
    CREATE VIEW, GRANT...) run in the new schema, in order, as part of the statement."""

    name: str
    if_not_exists: bool = False
    elements: tuple[Statement, ...] = ()


@frozen
class DropSchema(Statement):
    names: tuple[str, ...]
    if_exists: bool = False
    cascade: bool = False


@frozen
class CreateExtension(Statement):
    """``CREATE EXTENSION name [SCHEMA schema]``: it may make tables in that schema."""

    name: str
    schema: str | None = None


@frozen
class SetSearchPath(Statement):
    schemas: tuple[str, ...]


@frozen
class RenameType(Statement):
    """``ALTER TYPE ... RENAME TO``: columns of the type follow it under its new name."""

    schema: str | None
    name: str
    new_name: str
