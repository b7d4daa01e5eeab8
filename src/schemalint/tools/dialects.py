"""SQL dialects as objects, with their one registry.

A ``Dialect`` knows its name (as config and ``--dialect`` spell it), how its strings escape
(placeholder masking must not read into a string), and which frontend parses it. Frontends
and the catalog are imported only when a file is parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from schemalint.frozen import frozen

if TYPE_CHECKING:
    from schemalint import ir
    from schemalint.source import SourceFile


@frozen
class Dialect:
    """One SQL dialect, and what its database does that rules, the catalog and the frontends
    ask about (so nothing outside ``schemalint.tools`` compares a dialect's name).

    Identity and reading: ``name`` is the config spelling (and the catalog's ``dialect``);
    ``label`` the name users know; ``backslash_strings``: ``'...'`` strings take backslash
    escapes (MySQL); ``postgres_frontend``: parsed by PostgreSQL's own parser, else by
    sqlglot (under ``name``); ``family``: the dialect whose behaviour rules and the catalog
    apply (``""``: this one's own), for a database that speaks another's SQL.

    Behaviour (read from the family's object, ``behaviour``):

    - ``concurrent_index``: ``CREATE INDEX CONCURRENTLY`` exists (builds without blocking
      writes).
    - ``transaction_models``: the runners' transaction models (``tools.runners``, written
      for PostgreSQL) describe how its migrations run.
    - ``max_identifier``: the longest identifier the database keeps (bytes); Prisma cuts its
      default names to fit.
    - ``truncates_identifiers``: a longer identifier is silently cut to ``max_identifier``
      bytes (PostgreSQL; MySQL refuses it).
    - ``primary_key_names_kept``: a primary key keeps the name a migration gives it (MySQL
      calls every one PRIMARY, and Prisma does not read SQLite's).
    - ``serial_types``: an autoincrement column is spelled by a serial pseudo-type.
    - ``checks_dependents``: ``DROP COLUMN``/``DROP TABLE`` without CASCADE refuse when other
      objects depend on them (PostgreSQL), which the replay follows.
    - ``innodb_keys``: keys are stored as InnoDB stores them: the primary key is always named
      PRIMARY (its columns NOT NULL), a UNIQUE key is a unique index, an unnamed foreign key is
      named ``<table>_ibfk_<n>`` and gets an implicit index, an unnamed index is named after
      its first column, index names are per table, and a key may index a column prefix
      (``col(10)``).
    - ``primary_key_nullable``: a primary key does not make its columns NOT NULL (SQLite).
    - ``rebuilds_tables``: ``ALTER TABLE`` cannot change a column or add a constraint: the
      table is rebuilt (SQLite).
    - ``default_schema_aliases``: qualifiers that name the default schema (SQLite's ``main``).
    - ``integer_primary_key_is_rowid``: ``INTEGER PRIMARY KEY`` is the rowid and fills
      itself (SQLite).
    - ``modify_column``: a column is changed by ``MODIFY <column> <type> ...``, restating its
      type (MySQL), not by ``ALTER COLUMN``.
    - ``implicit_defaults``: a NOT NULL column added to rows without a default silently takes
      the type's implicit default (0, '', a zero date) instead of failing (MySQL).
    - ``checks_enforced``: a validated CHECK constraint holds for every row (MySQL before
      8.0.16 parsed CHECK and ignored it).
    - ``backtick_identifiers``: identifiers are quoted with backticks (a double-quoted name is
      a string).
    - ``now``: the expression for the current timestamp.
    - ``join_table_primary_key``: Prisma gives an implicit many-to-many table a primary key
      (else a unique index).
    """

    name: str
    label: str
    backslash_strings: bool = False
    postgres_frontend: bool = False
    concurrent_index: bool = False
    family: str = ""
    transaction_models: bool = False
    max_identifier: int = 63
    truncates_identifiers: bool = False
    primary_key_names_kept: bool = False
    serial_types: bool = False
    checks_dependents: bool = False
    innodb_keys: bool = False
    primary_key_nullable: bool = False
    rebuilds_tables: bool = False
    default_schema_aliases: frozenset[str] = frozenset()
    integer_primary_key_is_rowid: bool = False
    modify_column: bool = False
    implicit_defaults: bool = False
    checks_enforced: bool = True
    backtick_identifiers: bool = False
    now: str = "now()"
    join_table_primary_key: bool = False

    @property
    def behaviour(self) -> Dialect:
        """The dialect whose behaviour applies: the family's, else this one."""
        return DIALECTS[self.family] if self.family else self

    @property
    def semantics(self) -> str:
        """The name the catalog records this dialect's behaviour by."""
        return self.behaviour.name

    def applies(self, rule_dialects: Collection[str]) -> bool:
        """Whether a rule written for ``rule_dialects`` (its ``dialects``) applies here."""
        return self.behaviour.name in rule_dialects

    def parse(self, source: SourceFile, *, context: bool) -> Sequence[ir.Statement]:
        """``source``'s statements as IR. ``context``: the file is only replayed."""
        if self.postgres_frontend:
            from schemalint.frontends.postgres import frontend as postgres

            return postgres.parse(source, context=context)
        from schemalint.frontends.sqlglot import frontend as sqlglot_frontend

        return sqlglot_frontend.parse(source, self)

    def statements(self, source: SourceFile, *, context: bool) -> Iterator[ir.Statement]:
        """``parse``'s statements, made as they are taken where the frontend can (a huge
        PostgreSQL file's IR is then never whole)."""
        if self.postgres_frontend:
            from schemalint.frontends.postgres import frontend as postgres

            return postgres.statements(source, context=context)
        return iter(self.parse(source, context=context))


POSTGRES = Dialect(
    "postgres",
    "PostgreSQL",
    postgres_frontend=True,
    concurrent_index=True,
    transaction_models=True,
    truncates_identifiers=True,
    primary_key_names_kept=True,
    serial_types=True,
    checks_dependents=True,
    join_table_primary_key=True,
)
MYSQL = Dialect(
    "mysql",
    "MySQL",
    backslash_strings=True,
    max_identifier=64,
    innodb_keys=True,
    modify_column=True,
    implicit_defaults=True,
    checks_enforced=False,
    backtick_identifiers=True,
    now="CURRENT_TIMESTAMP(3)",
)
SQLITE = Dialect(
    "sqlite",
    "SQLite",
    max_identifier=10_000,
    primary_key_nullable=True,
    rebuilds_tables=True,
    default_schema_aliases=frozenset({"main"}),
    integer_primary_key_is_rowid=True,
    now="CURRENT_TIMESTAMP",
)

DIALECTS: Mapping[str, Dialect] = MappingProxyType({d.name: d for d in (POSTGRES, MYSQL, SQLITE)})

# How Prisma (migration_lock.toml, a datasource provider) and drizzle-kit (the journal) name
# the database.
_ALIASES: Mapping[str, Dialect] = MappingProxyType(
    {"postgresql": POSTGRES, "cockroachdb": POSTGRES, "turso": SQLITE, "singlestore": MYSQL}
)


# The dialect whose behaviour a catalog or rule settings record by name (``semantics``): a
# bound dict lookup, as the replay asks it for every statement.
behaviour_of: Callable[[str], Dialect] = MappingProxyType(
    {name: dialect.behaviour for name, dialect in DIALECTS.items()}
).__getitem__


def dialect_named(name: str) -> Dialect | None:
    """The dialect a config value, lock file or journal names (case-insensitive)."""
    key = name.strip().lower()
    return DIALECTS.get(key) or _ALIASES.get(key)
