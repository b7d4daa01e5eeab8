"""Schemas, the search path and type renames."""

from __future__ import annotations

from dataclasses import dataclass

from schemalint.ir.base import Statement


@dataclass(frozen=True, slots=True)
class CreateSchema(Statement):
    name: str
    if_not_exists: bool = False


@dataclass(frozen=True, slots=True)
class DropSchema(Statement):
    names: tuple[str, ...]
    if_exists: bool = False
    cascade: bool = False


@dataclass(frozen=True, slots=True)
class SetSearchPath(Statement):
    schemas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RenameType(Statement):
    """``ALTER TYPE ... RENAME TO``: columns of the type follow it under its new name."""

    schema: str | None
    name: str
    new_name: str
