"""The Prisma frontend: parse a (multi-file) Prisma schema and lower it to a Catalog."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from schemalint import ir
from schemalint.catalog.model import Catalog
from schemalint.discovery import PrismaSchema
from schemalint.frontends.prisma.lower import lower
from schemalint.frontends.prisma.parser import parse_file
from schemalint.frontends.prisma.tree import Schema

__all__ = ["PrismaLoad", "load", "parse"]


@dataclass(frozen=True)
class PrismaLoad:
    """The lowered catalog, the syntax errors of every file, and the syntax tree."""

    catalog: Catalog
    errors: tuple[ir.Unparsable, ...]
    ast: Schema


def parse(schema: PrismaSchema) -> tuple[Schema, tuple[ir.Unparsable, ...]]:
    """Parse every file of the schema; files are parsed independently, as Prisma does."""
    files = []
    errors: list[ir.Unparsable] = []
    # Parsing allocates tens of thousands of small objects and frees none of them: cyclic
    # garbage collection passes during it find nothing and cost about a tenth of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for source in schema.files:
            parsed, file_errors = parse_file(source.path, source.masked)
            files.append(parsed)
            errors.extend(file_errors)
    finally:
        if collecting:
            gc.enable()
    return Schema(tuple(files)), tuple(errors)


def load(schema: PrismaSchema) -> PrismaLoad:
    """Parse and lower; never raises on bad input (errors come back as ``Unparsable``)."""
    tree, errors = parse(schema)
    catalog, problems = lower(tree)
    return PrismaLoad(catalog, errors + problems, tree)
