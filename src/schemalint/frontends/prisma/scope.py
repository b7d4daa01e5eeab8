"""What a Prisma schema manages in the database, and the names its user wrote.

Prisma's migrations manage the tables of its models in the schemas its datasource lists
(``schemas = [...]``; without it, the one schema of the connection: ``public``). It leaves
alone ``@@ignore`` models (still created, never diffed again) and everything else in the
database. Messages about a table use the model and field names the user wrote.
"""

from __future__ import annotations

from collections.abc import Mapping

from schemalint.frontends.prisma.resolve import Names, dialect_of
from schemalint.frontends.prisma.tree import ArrayExpr, Model, Schema, StringLit
from schemalint.frozen import frozen


@frozen
class PrismaScope:
    """``models``: table key → model name; ``ignored``: keys of ``@@ignore`` models."""

    schemas: frozenset[str]
    models: Mapping[tuple[str, str], str]
    ignored: frozenset[tuple[str, str]]

    def manages(self, key: tuple[str, str]) -> bool:
        return key[0] in self.schemas and key not in self.ignored


def scope_of(tree: Schema) -> PrismaScope:
    models: dict[str, Model] = {}
    for model in tree.models:
        models.setdefault(model.name, model)
    names = Names(dialect_of(tree), models, {})
    schemas: set[str] = set()
    for config in tree.configs:
        listed = config.property("schemas") if config.kind == "datasource" else None
        if isinstance(listed, ArrayExpr):
            schemas.update(i.value for i in listed.items if isinstance(i, StringLit))
    tables: dict[tuple[str, str], str] = {}
    ignored: set[tuple[str, str]] = set()
    for model in models.values():
        key = names.table_of(model)
        if model.kind != "model":
            # A view is created by hand and only read by Prisma: not the migrations' business.
            ignored.add(key)
            continue
        tables[key] = model.name
        if model.attribute("ignore") is not None:
            ignored.add(key)
    return PrismaScope(frozenset(schemas or {"public"}), tables, frozenset(ignored))
