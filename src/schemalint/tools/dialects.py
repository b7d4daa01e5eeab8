"""SQL dialects as objects, with their one registry.

A ``Dialect`` knows its name (as config and ``--dialect`` spell it), how its strings escape
(placeholder masking must not read into a string), and which frontend parses it. Frontends
and the catalog are imported only when a file is parsed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from schemalint.frozen import frozen

if TYPE_CHECKING:
    from schemalint import ir
    from schemalint.source import SourceFile


@frozen
class Dialect:
    """One SQL dialect.

    ``name`` is the config spelling (and the catalog's ``dialect``); ``label`` the name users
    know; ``backslash_strings``: ``'...'`` strings take backslash escapes (MySQL);
    ``postgres_frontend``: parsed by PostgreSQL's own parser, else by sqlglot;
    ``concurrent_index``: ``CREATE INDEX CONCURRENTLY`` exists. ``family``: the dialect
    whose semantics rules and the catalog apply (``""``: this one's own name), for a
    database that speaks another's SQL.
    """

    name: str
    label: str
    backslash_strings: bool = False
    postgres_frontend: bool = False
    # CREATE INDEX CONCURRENTLY exists (builds without blocking writes).
    concurrent_index: bool = False
    family: str = ""

    @property
    def semantics(self) -> str:
        """The name rules and the catalog know this dialect's behaviour by."""
        return self.family or self.name

    def parse(self, source: SourceFile, *, context: bool) -> Sequence[ir.Statement]:
        """``source``'s statements as IR. ``context``: the file is only replayed."""
        if self.postgres_frontend:
            from schemalint.frontends import postgres

            return postgres.parse(source, context=context)
        from schemalint.frontends import sqlglot_frontend

        return sqlglot_frontend.parse(source, self.name)


POSTGRES = Dialect("postgres", "PostgreSQL", postgres_frontend=True, concurrent_index=True)
MYSQL = Dialect("mysql", "MySQL", backslash_strings=True)
SQLITE = Dialect("sqlite", "SQLite")

DIALECTS: Mapping[str, Dialect] = MappingProxyType({d.name: d for d in (POSTGRES, MYSQL, SQLITE)})

# How Prisma (migration_lock.toml, a datasource provider) and drizzle-kit (the journal) name
# the database.
_ALIASES: Mapping[str, Dialect] = MappingProxyType(
    {"postgresql": POSTGRES, "cockroachdb": POSTGRES, "turso": SQLITE, "singlestore": MYSQL}
)


def dialect_named(name: str) -> Dialect | None:
    """The dialect a config value, lock file or journal names (case-insensitive)."""
    key = name.strip().lower()
    return DIALECTS.get(key) or _ALIASES.get(key)
