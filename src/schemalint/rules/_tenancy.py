"""What the tenancy rules share: a table's tenant columns, the tenant roots, unique keys."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from schemalint.catalog.model import Catalog, Column, Constraint, Index, Table
from schemalint.frozen import frozen
from schemalint.rules._naming import fold, folded_names, listed

TableKey = tuple[str, str]


def tenant_columns(table: Table, wanted: Iterable[str]) -> tuple[Column, ...]:
    """Every column of ``table`` whose folded name is one of ``wanted`` (folded)."""
    folded = folded_names(tuple(wanted))
    return tuple(column for column in table.columns if fold(column.name) in folded)


def _stem(column: str) -> str:
    """``workspace`` for ``workspace_id`` / ``workspaceId``: what the root is named after."""
    folded = fold(column)
    return folded[:-2] if folded.endswith("id") and len(folded) > 2 else folded


def _root_names(column: str) -> tuple[str, str, str]:
    """The folded table names a root of ``column`` may have: ``workspace(s|es)``."""
    stem = _stem(column)
    return (stem, stem + "s", stem + "es")


def _named_after(table: Table, column: str) -> bool:
    return fold(table.name) in _root_names(column)


def _references(fk: Constraint, table: Table) -> bool:
    """Whether ``fk`` points at ``table`` (a Prisma relation's schema may be unresolved)."""
    return fk.ref_table == table.name and fk.ref_schema in (None, table.schema)


def references_any(fk: Constraint, keys: Collection[TableKey]) -> bool:
    """Whether ``fk`` points at one of the tables ``keys`` names."""
    if fk.ref_schema is not None:
        return (fk.ref_schema, fk.ref_table) in keys
    return any(fk.ref_table == name for _, name in keys)


def prisma_fields(table: Table, columns: Iterable[str]) -> str:
    """``workspaceId, slug``: the Prisma fields of ``columns``, for an attribute's list."""
    fields = []
    for name in columns:
        column = table.column(name)
        fields.append(column.field if column and column.field else name)
    return ", ".join(fields)


@frozen
class TenantRoots:
    """The tables tenants are, and for each tenant column (folded) the roots it points at.

    ``how`` is ``configured`` (the ``tenant-roots`` setting), or per column ``inferred``
    (some foreign key made of that column alone points there) or ``named`` (no such key
    anywhere: the table named after the column, ``workspaces`` for ``workspace_id``).
    """

    keys: frozenset[TableKey]
    by_column: tuple[tuple[str, tuple[TableKey, ...]], ...]

    def is_root(self, table: Table) -> bool:
        return table.key in self.keys

    def for_column(self, column: str) -> tuple[TableKey, ...]:
        """The roots ``column`` is expected to reference (may be empty)."""
        folded = fold(column)
        for name, keys in self.by_column:
            if name == folded:
                return keys
        return ()


def tenant_roots(
    catalog: Catalog, columns: Iterable[str], configured_roots: Iterable[str] = ()
) -> TenantRoots:
    """The tenant roots of ``catalog``: configured, else inferred, else by name (per column).

    ``columns``: the tenant columns; ``configured_roots``: the ``tenant-roots`` setting.
    """
    tables = list(catalog)
    by_column: list[tuple[str, tuple[TableKey, ...]]] = []
    folded_columns = dict.fromkeys(fold(name) for name in columns)
    patterns = tuple(configured_roots)
    if patterns:
        configured = [t for t in tables if listed(patterns, t.schema, t.name)]
        for column in folded_columns:
            named = [t.key for t in configured if _named_after(t, column)]
            by_column.append((column, tuple(named or (t.key for t in configured))))
        return TenantRoots(frozenset(t.key for t in configured), tuple(by_column))
    by_name: dict[str, list[Table]] = {}
    for table in tables:
        by_name.setdefault(table.name, []).append(table)
    # Each table's keys are read once for every column (a catalog may hold 40,000 tables).
    single = [
        (fold(fk.columns[0]), fk.ref_table, fk)
        for table in tables
        for fk in table.foreign_keys
        if len(fk.columns) == 1 and fk.ref_table
    ]
    for column in folded_columns:
        inferred = {
            target.key
            for folded, ref_table, fk in single
            if folded == column
            for target in by_name.get(ref_table, ())
            if _references(fk, target)
        }
        if not inferred:
            names = _root_names(column)
            inferred = {t.key for t in tables if fold(t.name) in names}
        by_column.append((column, tuple(sorted(inferred))))
    keys = frozenset(key for _, column_keys in by_column for key in column_keys)
    return TenantRoots(keys, tuple(by_column))


def unique_keys(table: Table) -> Iterator[Constraint | Index]:
    """The table's UNIQUE constraints and unique indexes (not its primary key)."""
    for constraint in table.constraints:
        if constraint.kind == "unique":
            yield constraint
    for index in table.indexes:
        if index.unique:
            yield index


def key_columns(key: Constraint | Index) -> tuple[str, ...]:
    """The columns a unique key's values are made of (expression keys: the columns read)."""
    if isinstance(key, Index):
        named = tuple(c for c in key.columns if c is not None)
        return (*named, *key.expression_columns)
    return key.columns


def describe_key(key: Constraint | Index) -> str:
    """How messages name a unique key: its kind and name."""
    kind = "Unique index" if isinstance(key, Index) else "Unique constraint"
    return f"{kind} `{key.name}`"


def function_matches(called: Iterable[str], wanted: Iterable[str]) -> bool:
    """Whether a call names a wanted function; unqualified on either side matches any schema."""
    for name in called:
        for pattern in wanted:
            if name == pattern or (
                ("." not in name or "." not in pattern)
                and name.rsplit(".", 1)[-1] == pattern.rsplit(".", 1)[-1]
            ):
                return True
    return False
