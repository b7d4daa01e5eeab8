"""Name matching and quoting shared by the rules."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from schemalint.catalog.model import Column, Table
from schemalint.tools.dialects import behaviour_of

_PLAIN_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_$]*\Z")
# Schemas whose name readers expect to be implied in messages.
_DEFAULT_SCHEMAS = frozenset({"public", "main"})


@functools.lru_cache(maxsize=8192)
def fold(name: str) -> str:
    """The spelling-insensitive form of a column name: ``workspaceId`` == ``workspace_id``.

    Prisma fields without ``@map`` keep their camelCase name as the database column, so a
    convention written in snake_case must still recognise them.
    """
    return name.replace("_", "").lower()


@functools.lru_cache(maxsize=64)
def folded_names(names: tuple[str, ...]) -> frozenset[str]:
    """``names`` folded: rules ask with the same few names for every table of the catalog."""
    return frozenset(map(fold, names))


def find_column(table: Table, wanted: Iterable[str]) -> Column | None:
    """The first column of ``table`` whose folded name is one of ``wanted`` (folded)."""
    folded = folded_names(wanted if isinstance(wanted, tuple) else tuple(wanted))
    for column in table.columns:
        if fold(column.name) in folded:
            return column
    return None


def table_label(table: Table) -> str:
    """How messages name a table: unqualified in the default schema, qualified elsewhere."""
    return table.name if table.schema in _DEFAULT_SCHEMAS else table.qualified_name


def relation_label(schema: str, name: str) -> str:
    """How messages name a view (or another relation), as ``table_label`` names a table."""
    return name if schema in _DEFAULT_SCHEMAS else f"{schema}.{name}"


def listed(patterns: Iterable[str], schema: str | None, name: str) -> bool:
    """Whether a table is named in an option list, as ``name`` or ``schema.name``."""
    for pattern in patterns:
        if pattern == name or (schema is not None and pattern == f"{schema}.{name}"):
            return True
    return False


def is_prisma_join_table(table: Table) -> bool:
    """Prisma's implicit many-to-many tables (``_ChallengeToTag``: columns ``A`` and ``B``).

    Prisma owns their shape entirely: the user cannot add a tenant or soft-delete column.
    """
    return table.name.startswith("_") and {c.name for c in table.columns} == {"A", "B"}


def quote_identifier(name: str, dialect: str = "postgres") -> str:
    """``name`` as SQL text, double-quoted when PostgreSQL would otherwise fold or reject it.

    MySQL reads a double-quoted name as a string: there it is always backticked, as Prisma does.
    """
    if behaviour_of(dialect).backtick_identifiers:
        return "`" + name.replace("`", "``") + "`"
    if _PLAIN_IDENTIFIER.match(name) and name not in _reserved_words():
        return name
    return '"' + name.replace('"', '""') + '"'


@functools.cache
def _reserved_words() -> frozenset[str]:
    """The keywords PostgreSQL does not take as a plain column or table name (their union
    made once: a fix names a table, a column and a constraint for each finding)."""
    from schemalint.frontends.postgres.pglast_parser import keywords

    return frozenset(keywords.RESERVED_KEYWORDS | keywords.TYPE_FUNC_NAME_KEYWORDS)


def sql_table_name(table: Table, dialect: str = "postgres") -> str:
    """The table's name as SQL text (quoted where needed), qualified outside the default schema."""
    name = quote_identifier(table.name, dialect)
    if table.schema in _DEFAULT_SCHEMAS:
        return name
    return f"{quote_identifier(table.schema, dialect)}.{name}"


def backticked(names: Iterable[str], conjunction: str = "or") -> str:
    """Names for a message: ```a`, `b` or `c```."""
    items = [f"`{name}`" for name in names]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def code(sql: str) -> str:
    """``sql`` as an inline code span; double backticks when it holds MySQL's backticks."""
    return f"`` {sql} ``" if "`" in sql else f"`{sql}`"


def model_name(table: Table, text: str | None) -> str | None:
    """The Prisma model a lowered table comes from, as written (``text``: its file's text)."""
    if table.origin != "prisma" or text is None:
        return None
    span = table.name_span
    return text[span.start : span.end] or None


def table_subject(table: Table, text: str | None, word: str = "Table") -> str:
    """How a message names a table: ``Table `t``` or, for a Prisma model whose table is named
    otherwise (``@@map``), ``Model `Model` (table `t`)``: the name the user wrote. ``word``
    opens it (``""``: the bare name); a lower-case word gives ``model``."""
    model = model_name(table, text)
    if model is None or model == table.name:
        return f"{word} `{table_label(table)}`".lstrip()
    kind = "Model" if word[:1].isupper() else "model"
    return f"{kind} `{model}` (table `{table_label(table)}`)"


def field_labels(table: Table, columns: Iterable[str], conjunction: str = "and") -> str:
    """Columns as a message names them: a Prisma field by its name, with its column in
    parentheses where ``@map`` differs."""
    items = []
    for name in columns:
        column = table.column(name)
        field = column.field if column is not None else None
        if table.origin == "prisma" and field is not None and field != name:
            items.append(f"`{field}` (column `{name}`)")
        else:
            items.append(f"`{name}`")
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
