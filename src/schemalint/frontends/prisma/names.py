"""How Prisma names SQL objects and spells column types and defaults, per database.

Checked against the DDL Prisma's schema engine prints for a schema (``migrate diff
--from-empty --script``); see tests/prisma/test_ddl_oracle.py.
"""

from __future__ import annotations

from schemalint.frontends.prisma.tree import (
    ArrayExpr,
    Attribute,
    Expression,
    FunctionCall,
    NumberLit,
    PathExpr,
    StringLit,
)

# Longest identifier each database keeps; Prisma cuts default names to fit, keeping the suffix.
_MAX_IDENTIFIER = {"postgres": 63, "mysql": 64, "sqlite": 10_000}

_SCALARS = {
    "postgres": {
        "String": "text",
        "Boolean": "boolean",
        "Int": "integer",
        "BigInt": "bigint",
        "Float": "double precision",
        "Decimal": "decimal(65,30)",
        "DateTime": "timestamp(3)",
        "Json": "jsonb",
        "Bytes": "bytea",
    },
    "mysql": {
        "String": "varchar(191)",
        "Boolean": "boolean",
        "Int": "int",
        "BigInt": "bigint",
        "Float": "double",
        "Decimal": "decimal(65,30)",
        "DateTime": "datetime(3)",
        "Json": "json",
        "Bytes": "longblob",
    },
    "sqlite": {
        "String": "text",
        "Boolean": "boolean",
        "Int": "integer",
        "BigInt": "bigint",
        "Float": "real",
        "Decimal": "decimal",
        "DateTime": "datetime",
        "Json": "jsonb",
        "Bytes": "blob",
    },
}
SCALAR_TYPES = frozenset(_SCALARS["postgres"])

# Native type attributes whose SQL spelling is not just the lower-cased name.
_NATIVE_SPELLING = {
    "DoublePrecision": "double precision",
    "UnsignedTinyInt": "tinyint unsigned",
    "UnsignedSmallInt": "smallint unsigned",
    "UnsignedMediumInt": "mediumint unsigned",
    "UnsignedInt": "int unsigned",
    "UnsignedBigInt": "bigint unsigned",
}

# Defaults computed by Prisma Client, not by the database: the column has no DB default.
_CLIENT_DEFAULTS = frozenset({"uuid", "cuid", "nanoid", "ulid", "auto"})

# Spelled like the SQL frontends spell ON DELETE actions; NO ACTION (the default) is None.
REFERENTIAL_ACTIONS: dict[str, str | None] = {
    "Cascade": "cascade",
    "Restrict": "restrict",
    "NoAction": None,
    "SetNull": "set null",
    "SetDefault": "set default",
}


def default_name(table: str, columns: tuple[str, ...], suffix: str, dialect: str) -> str:
    """``{table}_{cols}_{suffix}`` cut to the database's identifier limit, suffix kept."""
    base = "_".join((table, *columns))
    limit = _MAX_IDENTIFIER.get(dialect, 63) - len(suffix) - 1
    encoded = base.encode()
    if len(encoded) > limit:
        base = encoded[:limit].decode(errors="ignore")
    return f"{base}_{suffix}"


def column_type(
    type_name: str, native: Attribute | None, is_list: bool, dialect: str, enum_sql: str | None
) -> str:
    """The SQL type of a scalar or enum field (``enum_sql`` is the enum's SQL name)."""
    if native is not None:
        base = native.name.split(".", 1)[-1]
        sql = _NATIVE_SPELLING.get(base, base.lower())
        if native.args:
            sql += "(" + ",".join(_literal_text(a.value) for a in native.args) + ")"
    elif enum_sql is not None:
        sql = enum_sql
    else:
        sql = _SCALARS.get(dialect, _SCALARS["postgres"]).get(type_name, type_name)
    return f"{sql}[]" if is_list else sql


def default_value(value: Expression | None, enum_labels: dict[str, str]) -> tuple[bool, str | None]:
    """Whether ``@default(value)`` gives the column a DB default, and its SQL when known.

    ``enum_labels`` maps enum value names to their DB labels when the field is an enum.
    """
    if isinstance(value, FunctionCall):
        if value.name in _CLIENT_DEFAULTS:
            return False, None
        if value.name == "now":
            return True, "CURRENT_TIMESTAMP"
        if value.name == "dbgenerated" and value.args:
            return True, _literal_text(value.args[0].value)
        return True, None
    if isinstance(value, StringLit):
        return True, _quote(value.value)
    if isinstance(value, NumberLit):
        return True, value.text
    if isinstance(value, PathExpr):
        if value.name in ("true", "false"):
            return True, value.name
        return True, _quote(enum_labels.get(value.name, value.name))
    if isinstance(value, ArrayExpr):
        items = (default_value(item, enum_labels)[1] or "" for item in value.items)
        return True, "ARRAY[" + ", ".join(items) + "]"
    return False, None


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _literal_text(value: Expression) -> str:
    if isinstance(value, StringLit):
        return value.value
    if isinstance(value, NumberLit):
        return value.text
    if isinstance(value, PathExpr):
        return value.name
    return ""
