"""What MySQL/MariaDB and SQLite do to the schema beyond what a statement says.

The replay applies statements with PostgreSQL's semantics; ``after_statement`` then corrects
the tables the statement changed to what the other databases really hold (checked against
MariaDB 10.11 and SQLite 3.40 by tests/dialects):

MySQL/MariaDB (InnoDB):
- a foreign key needs an index whose leading columns are its columns, in order; when none
  exists InnoDB creates one, named after the constraint when the key was named, otherwise
  after its first column. A later index that can serve the key replaces it (InnoDB drops the
  implicit one). Such an implicit index is recognised by its name (that of its key, or of the
  key's first column) and columns: an explicit index spelled exactly that way is taken for it.
- an unnamed foreign key is named ``<table>_ibfk_<n>``, ``n`` one more than the highest taken.
- the primary key is named PRIMARY and every one of its columns is NOT NULL.
- index names are per table (``replay_names.index_name_taken``); an unnamed index is named
  after its first column, then ``_2``, ``_3``... when that is taken (``mysql_index_name``).

SQLite: a primary key does not make its columns NOT NULL (a bug SQLite keeps for
compatibility; ``INTEGER PRIMARY KEY`` refuses NULL by being the rowid, but is still reported
nullable). Otherwise the PostgreSQL replay already matches what the Prisma table-rebuild pattern leaves
(DROP TABLE keeps other tables' foreign keys pointing at the name; RENAME follows them), and
unnamed constraints keep the replay's names (SQLite stores none; the tests compare them by
columns).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from schemalint import ir
from schemalint.catalog.model import Catalog, Constraint, Index, Table
from schemalint.frozen import replace
from schemalint.tools.dialects import behaviour_of

_IBFK = re.compile(r"_ibfk_(\d+)$")
TableKey = tuple[str, str]


def after_statement(
    catalog: Catalog, statement: ir.Statement, before: Mapping[TableKey, Table]
) -> None:
    """Bring every table ``statement`` changed to the dialect's real end state."""
    behaviour = behaviour_of(catalog.dialect)
    if behaviour.primary_key_nullable and isinstance(statement, ir.CreateTable):
        _sqlite_nullable_primary_key(catalog, statement)
    if not behaviour.innodb_keys:
        return
    for key, table in list(catalog.tables.items()):
        previous = before.get(key)
        if table is previous:
            continue
        unnamed = _unnamed_foreign_keys(statement)
        table = _name_foreign_keys(table, previous, unnamed)
        table = _primary_key_not_null(table)
        table = implicit_foreign_key_indexes(table)
        if table is not catalog.tables[key]:
            catalog.tables[key] = table


def mysql_index_name(taken: Collection[str], columns: Sequence[str | None]) -> str:
    """MySQL's name for an unnamed index: its first column's, then ``_2``, ``_3``... if taken.

    ``taken`` are the table's index names; MySQL compares them case-insensitively and never
    gives the name PRIMARY to another index.
    """
    used = {name.lower() for name in taken} | {"primary"}
    base = next((c for c in columns if c), "index")
    name, number = base, 2
    while name.lower() in used:
        name, number = f"{base}_{number}", number + 1
    return name


def added_index_name(table: Table, columns: tuple[str | None, ...]) -> str:
    """The name MySQL gives an unnamed index added to an existing ``table``.

    InnoDB first drops the implicit foreign-key index the new one can replace, so that
    index's name is free again (``ADD INDEX (a, b)`` after an implicit ``a`` is ``a``).
    """
    replaced = {
        index.name
        for fk in table.foreign_keys
        for index in table.indexes
        if index.name == _implicit_name(table, fk)
        and index.columns == fk.columns
        and covers(columns, fk.columns)
    }
    taken = {index.name for index in table.indexes if index.name not in replaced}
    taken.update(c.name for c in table.constraints if c.kind in ("primary_key", "unique"))
    return mysql_index_name(taken, columns)


def covers(index_columns: tuple[str | None, ...], fk_columns: tuple[str, ...]) -> bool:
    """Whether an index can serve a foreign key in InnoDB: its leading columns, in order."""
    return tuple(index_columns[: len(fk_columns)]) == fk_columns


def implicit_foreign_key_indexes(table: Table) -> Table:
    """Add the index InnoDB creates for each foreign key lacking one; drop those made redundant."""
    foreign_keys = table.foreign_keys
    implicit_names = {_implicit_name(table, fk): fk for fk in foreign_keys}
    indexes = list(table.indexes)
    for index in list(indexes):
        fk = implicit_names.get(index.name)
        if fk is None or index.columns != fk.columns:
            continue
        if any(covers(cols, fk.columns) for cols in _index_keys(table, indexes, but=index)):
            indexes.remove(index)
    for fk in foreign_keys:
        if not any(covers(cols, fk.columns) for cols in _index_keys(table, indexes)):
            name = _implicit_name(table, fk)
            indexes.append(Index(name=name, columns=fk.columns, span=fk.span, order=fk.order))
    if indexes == list(table.indexes):
        return table
    return replace(table, indexes=tuple(indexes))


def _index_keys(
    table: Table, indexes: list[Index], but: Index | None = None
) -> list[tuple[str | None, ...]]:
    keys: list[tuple[str | None, ...]] = [
        c.columns for c in table.constraints if c.kind in ("primary_key", "unique")
    ]
    keys.extend(i.columns for i in indexes if i is not but and not i.partial)
    return keys


def _implicit_name(table: Table, fk: Constraint) -> str:
    """The constraint's name when the author gave one, else its first column's."""
    if _IBFK.search(fk.name) and fk.name.startswith(f"{table.name}_ibfk_"):
        return fk.columns[0] if fk.columns else fk.name
    return fk.name


def _unnamed_foreign_keys(statement: ir.Statement) -> set[tuple[str, ...]]:
    """Column lists of the foreign keys ``statement`` declares without a name."""
    found: set[tuple[str, ...]] = set()
    if isinstance(statement, ir.CreateTable):
        constraints = list(statement.constraints)
        for column in statement.columns:
            constraints.extend(column.constraints)
    elif isinstance(statement, ir.AddConstraint):
        constraints = [statement.constraint]
    elif isinstance(statement, ir.AddColumn):
        constraints = list(statement.column.constraints)
    else:
        return found
    for constraint in constraints:
        if constraint.kind == "foreign_key" and constraint.name is None:
            found.add(constraint.columns)
    return found


def _name_foreign_keys(
    table: Table, previous: Table | None, unnamed: set[tuple[str, ...]]
) -> Table:
    """Rename the foreign keys this statement left unnamed to InnoDB's ``<table>_ibfk_<n>``."""
    if not unnamed:
        return table
    old = {c.name for c in previous.constraints} if previous else set()
    taken = [int(m.group(1)) for c in table.constraints if (m := _IBFK.search(c.name))]
    number = max(taken, default=0)
    constraints = []
    for constraint in table.constraints:
        fresh = constraint.name not in old and constraint.columns in unnamed
        if constraint.kind == "foreign_key" and fresh and not _IBFK.search(constraint.name):
            number += 1
            constraint = replace(constraint, name=f"{table.name}_ibfk_{number}")
        constraints.append(constraint)
    return replace(table, constraints=tuple(constraints))


def _primary_key_not_null(table: Table) -> Table:
    """The primary key is named PRIMARY and its columns are NOT NULL."""
    key = table.primary_key
    if key is None:
        return table
    if key.name != "PRIMARY":
        renamed = replace(key, name="PRIMARY")
        constraints = tuple(renamed if c is key else c for c in table.constraints)
        table, key = replace(table, constraints=constraints), renamed
    if all(c.not_null for c in table.columns if c.name in key.columns):
        return table
    columns = tuple(
        replace(c, not_null=True) if c.name in key.columns else c for c in table.columns
    )
    return replace(table, columns=columns)


def _sqlite_nullable_primary_key(catalog: Catalog, statement: ir.CreateTable) -> None:
    declared = {c.name for c in statement.columns if not c.not_null}
    table = catalog.table(statement.table.schema, statement.table.name)
    if table is None or table.span != statement.span:
        return  # not created by this statement (IF NOT EXISTS on an existing table)
    columns = tuple(
        replace(c, not_null=False) if c.name in declared and c.not_null else c
        for c in table.columns
    )
    if columns != table.columns:
        catalog.tables[table.key] = replace(table, columns=columns)
