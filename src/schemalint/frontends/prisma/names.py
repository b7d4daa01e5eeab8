"""How Prisma names SQL objects and spells column types and defaults, per database.

Checked against the DDL Prisma's schema engine prints for a schema (``migrate diff
--from-empty --script``); see tests/prisma/test_ddl_oracle.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from schemalint.frontends.prisma.tree import (
    ArrayExpr,
    Attribute,
    Expression,
    FunctionCall,
    NumberLit,
    PathExpr,
    StringLit,
)
from schemalint.tools.dialects import MYSQL, POSTGRES, SQLITE, behaviour_of

_SCALARS = {
    POSTGRES: {
        "String": "text",
        "Boolean": "bool",
        "Int": "int4",
        "BigInt": "int8",
        "Float": "float8",
        "Decimal": "numeric(65,30)",
        "DateTime": "timestamp(3)",
        "Json": "jsonb",
        "Bytes": "bytea",
    },
    MYSQL: {
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
    # As the SQL replay spells the types of Prisma's SQLite DDL (BIGINT and BOOLEAN are
    # INTEGER there, DECIMAL is REAL).
    SQLITE: {
        "String": "text",
        "Boolean": "integer",
        "Int": "integer",
        "BigInt": "integer",
        "Float": "real",
        "Decimal": "real",
        "DateTime": "datetime",
        "Json": "jsonb",
        "Bytes": "blob",
    },
}
SCALAR_TYPES = frozenset(_SCALARS[POSTGRES])

# Native type attributes whose SQL spelling is not just the lower-cased name. PostgreSQL
# types are spelled as the SQL replay spells them (PostgreSQL's internal names).
_NATIVE_SPELLING = {
    POSTGRES: {
        "Integer": "int4",
        "SmallInt": "int2",
        "BigInt": "int8",
        "DoublePrecision": "float8",
        "Real": "float4",
        "Boolean": "bool",
        "Decimal": "numeric",
        "Char": "bpchar",
    },
    MYSQL: {
        "UnsignedTinyInt": "tinyint unsigned",
        "UnsignedSmallInt": "smallint unsigned",
        "UnsignedMediumInt": "mediumint unsigned",
        "UnsignedInt": "int unsigned",
        "UnsignedBigInt": "bigint unsigned",
        "DoublePrecision": "double precision",
    },
}
# PostgreSQL spells an autoincrement column by its serial pseudo-type.
_SERIAL = {"int4": "serial", "int8": "bigserial", "int2": "smallserial"}

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
    limit = behaviour_of(dialect).max_identifier - len(suffix) - 1
    encoded = base.encode()
    if len(encoded) > limit:
        base = encoded[:limit].decode(errors="ignore")
    return f"{base}_{suffix}"


def column_type(
    type_name: str,
    native: Attribute | None,
    is_list: bool,
    dialect: str,
    enum_sql: str | None,
    autoincrement: bool = False,
) -> str:
    """The SQL type of a scalar or enum field (``enum_sql`` is the enum's SQL name)."""
    behaviour = behaviour_of(dialect)
    if native is not None:
        base = native.name.split(".", 1)[-1]
        sql = _NATIVE_SPELLING.get(behaviour, {}).get(base, base.lower())
        if native.args:
            sql += "(" + ",".join(_literal_text(a.value) for a in native.args) + ")"
        elif sql == "bpchar":
            sql = "bpchar(1)"
    elif enum_sql is not None:
        sql = enum_sql
    else:
        sql = _SCALARS.get(behaviour, _SCALARS[POSTGRES]).get(type_name, type_name)
    if autoincrement and behaviour.serial_types:
        sql = _SERIAL.get(sql, sql)
    return f"{sql}[]" if is_list else sql


def default_value(
    value: Expression | None, enum_labels: Mapping[str, str]
) -> tuple[bool, str | None]:
    """Whether ``@default(value)`` gives the column a DB default, and its SQL when known.

    ``enum_labels`` maps enum value names to their DB labels when the field is an enum.
    """
    if isinstance(value, FunctionCall):
        if value.name in _CLIENT_DEFAULTS:
            return False, None
        if value.name == "now":
            return True, "CURRENT_TIMESTAMP"
        if value.name == "dbgenerated":
            # dbgenerated() without SQL only tells Prisma the database fills the column by
            # other means (a trigger, a generated column): no DEFAULT is created.
            if not value.args:
                return False, None
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
