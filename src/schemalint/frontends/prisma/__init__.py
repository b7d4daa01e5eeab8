"""The Prisma frontend: parse a (multi-file) Prisma schema and lower it to a Catalog."""

from __future__ import annotations

from dataclasses import dataclass

from schemalint import ir
from schemalint.catalog.model import Catalog
from schemalint.frontends.prisma.lower import lower
from schemalint.frontends.prisma.parser import parse_file
from schemalint.frontends.prisma.tree import Schema
from schemalint.frozen import no_cyclic_gc
from schemalint.inputs.discovery import PrismaSchema

__all__ = ["PrismaLoad", "load", "parse"]


@dataclass(frozen=True)
class PrismaLoad:
    """The lowered catalog, the syntax errors of every file, and the syntax tree."""

    catalog: Catalog
    errors: tuple[ir.Unparsable, ...]
    ast: Schema


def parse(schema: PrismaSchema) -> tuple[Schema, tuple[ir.Unparsable, ...]]:
    """Parse every file of the schema; files are parsed independently, as Prisma does."""
    with no_cyclic_gc():
        return _parse(schema)


def load(schema: PrismaSchema) -> PrismaLoad:
    """Parse and lower; never raises on bad input (errors come back as ``Unparsable``)."""
    with no_cyclic_gc():
        tree, errors = _parse(schema)
        catalog, problems = lower(tree)
    return PrismaLoad(catalog, errors + problems, tree)


def _parse(schema: PrismaSchema) -> tuple[Schema, tuple[ir.Unparsable, ...]]:
    files = []
    errors: list[ir.Unparsable] = []
    for source in schema.files:
        parsed, file_errors = parse_file(source.path, source.masked)
        files.append(parsed)
        errors.extend(file_errors)
    return Schema(tuple(files)), tuple(errors)
