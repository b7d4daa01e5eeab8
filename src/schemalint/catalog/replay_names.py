"""The names PostgreSQL gives to constraints and indexes created without one.

These follow PostgreSQL's ``makeObjectName``, ``ChooseRelationName`` and
``ChooseConstraintName`` (``<table>_pkey``, ``<table>_<cols>_key``, ``<table>_<cols>_fkey``,
``<table>_<col>_check``, ``<table>_<cols>_idx``), including the clipping to 63 bytes and the
numbered label (``_key1``, ``_idx2``...) that avoids a name already taken in the schema.

PK/UNIQUE/EXCLUDE constraints and indexes are relations: their name must be free among the
schema's relations (tables and indexes) and, for constraints, among its constraint names. FOREIGN
KEY and CHECK names must be free among the schema's constraint names and the names already
chosen in the same statement. Sequences and views are not in the catalog, so a clash with one
of them is not seen (a known limitation).

SQLite shares PostgreSQL's namespace: an index name is unique in the database, tables included
(``there is already a table named a``). MySQL's index names are per table (and case-insensitive),
apart from the table names: ``index_name_taken`` is where that branches. Its other names
(``<table>_ibfk_<n>``, ``PRIMARY``, an unnamed index after its first column) are given by
``catalog.dialects``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from schemalint.catalog.model import Catalog, Table
from schemalint.tools.dialects import behaviour_of

NAME_BYTES = 63  # NAMEDATALEN - 1


def _clip(name: str, max_bytes: int) -> str:
    """The longest prefix of ``name`` whose UTF-8 form fits ``max_bytes`` (whole characters)."""
    encoded = name.encode("utf-8")
    if len(encoded) <= max_bytes:
        return name
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """PostgreSQL's makeObjectName: ``name1_name2_label`` clipped to 63 bytes.

    The longer of the two names loses a byte at a time until the result fits, so both keep
    as much as possible; the label is never clipped.
    """
    name1_bytes = len(name1.encode("utf-8"))
    name2_bytes = len(name2.encode("utf-8")) if name2 else 0
    overhead = (len(label) + 1 if label else 0) + (1 if name2 else 0)
    available = NAME_BYTES - overhead
    if name1_bytes + name2_bytes > available:
        while name1_bytes + name2_bytes > available:
            if name1_bytes > name2_bytes:
                name1_bytes -= 1
            else:
                name2_bytes -= 1
        name1 = _clip(name1, name1_bytes)
        name2 = _clip(name2, name2_bytes) if name2 else name2
    parts = [name1]
    if name2:
        parts.append(name2)
    if label:
        parts.append(label)
    return "_".join(parts)


def relation_name_taken(catalog: Catalog, schema: str, name: str) -> bool:
    """Whether a relation (table, index) of ``schema`` is called ``name``.

    MySQL's index names are not in the schema's namespace (``index_owner`` is empty there).
    """
    return (schema, name) in catalog.tables or (schema, name) in catalog.index_owner


def table_index_names(table: Table) -> set[str]:
    """Names of ``table``'s indexes, those backing its PRIMARY KEY and UNIQUE constraints too."""
    names = {index.name for index in table.indexes}
    names.update(
        c.name for c in table.constraints if c.kind in ("primary_key", "unique", "exclude")
    )
    return names


def index_name_taken(catalog: Catalog, table: Table, name: str) -> bool:
    """Whether an index of ``table`` cannot be called ``name``.

    PostgreSQL and SQLite: a relation of the schema has it. MySQL: another index of the same
    table has it, compared case-insensitively as MySQL does.
    """
    if behaviour_of(catalog.dialect).innodb_keys:
        return name.lower() in {n.lower() for n in table_index_names(table)}
    return relation_name_taken(catalog, table.schema, name)


def _first_free(name1: str, name2: str | None, label: str, taken: Callable[[str], bool]) -> str:
    candidate = make_object_name(name1, name2, label)
    attempt = 0
    while taken(candidate):
        attempt += 1
        candidate = make_object_name(name1, name2, f"{label}{attempt}")
    return candidate


def choose_relation_name(
    catalog: Catalog,
    schema: str,
    name1: str,
    name2: str | None,
    label: str,
    *,
    is_constraint: bool,
    also_taken: Iterable[str] = (),
) -> str:
    """A name for an index (or index-backed constraint) that no relation in ``schema`` has."""
    also = set(also_taken)

    def taken(name: str) -> bool:
        return (
            name in also
            or relation_name_taken(catalog, schema, name)
            or (is_constraint and catalog.tables.has_constraint(schema, name))
        )

    return _first_free(name1, name2, label, taken)


def choose_constraint_name(
    catalog: Catalog,
    schema: str,
    name1: str,
    name2: str | None,
    label: str,
    also_taken: Iterable[str] = (),
) -> str:
    """A name for a FOREIGN KEY or CHECK constraint, free among the schema's constraints."""
    also = set(also_taken)
    return _first_free(
        name1,
        name2,
        label,
        lambda name: name in also or catalog.tables.has_constraint(schema, name),
    )


def join_names(names: Sequence[str]) -> str:
    """Column names joined with ``_``, as in ``<table>_<col1>_<col2>_key``."""
    return "_".join(names)


def index_column_names(columns: Sequence[str | None]) -> list[str]:
    """PostgreSQL's ChooseIndexColumnNames: ``expr`` for an unnamed expression, repeats
    numbered. (The PostgreSQL frontend names expressions as PostgreSQL does, see
    ``ir.CreateIndex.key_names``.)"""
    result: list[str] = []
    for column in columns:
        original = column if column is not None else "expr"
        name = original
        suffix = 0
        while name in result:
            suffix += 1
            digits = str(suffix)
            name = _clip(original, NAME_BYTES - len(digits)) + digits
        result.append(name)
    return result
