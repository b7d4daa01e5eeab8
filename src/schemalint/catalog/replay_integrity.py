"""What the replay notices about the history itself: statements on tables it does not know.

PostgreSQL stops a migration at ``ALTER TABLE t`` when no ``t`` exists. The replay records an
``UnknownTable`` event instead, unless the table could exist without the history showing it:
another relation of that name (a view, a sequence, a temporary table), or some earlier
statement that may have made tables the replay cannot see (dynamic SQL, a function call, an
extension, a statement that did not parse). The events feed SL003.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from schemalint import ir
from schemalint.catalog.events import UnknownTable, WouldFail
from schemalint.catalog.model import Catalog, Table
from schemalint.catalog.replay_support import creation_schema, referenced_by
from schemalint.tools.dialects import behaviour_of

# Statements after which a table the history never made may exist.
_UNSEEN = frozenset(
    {
        "ImportForeignSchemaStmt",
        "CallStmt",
        "SelectStmt",
        "ExecuteStmt",
        "CreateSchemaStmt",
    }
)

Needs = Callable[[Any], tuple[tuple[ir.TableRef, str], ...]]


def _alter(statement: Any) -> tuple[tuple[ir.TableRef, str], ...]:
    return ((statement.table, "ALTER TABLE"),)


def _action(action: str) -> Needs:
    def needs(statement: Any) -> tuple[tuple[ir.TableRef, str], ...]:
        return ((statement.table, action),)

    return needs


def _drop_policy(statement: ir.DropPolicy) -> tuple[tuple[ir.TableRef, str], ...]:
    # IF EXISTS also covers the table: "relation does not exist, skipping".
    return () if statement.if_exists else ((statement.table, "DROP POLICY"),)


def _drop_table(statement: ir.DropTable) -> tuple[tuple[ir.TableRef, str], ...]:
    return () if statement.if_exists else tuple((t, "DROP TABLE") for t in statement.tables)


_NEEDS: Mapping[type[ir.Statement], Needs] = MappingProxyType(
    {
        **dict.fromkeys(
            (
                ir.AddColumn,
                ir.DropColumn,
                ir.RenameColumn,
                ir.AlterColumnType,
                ir.SetNotNull,
                ir.DropNotNull,
                ir.SetDefault,
                ir.DropDefault,
                ir.DropExpression,
                ir.AddConstraint,
                ir.DropConstraint,
                ir.RenameConstraint,
                ir.EnableRls,
                ir.DisableRls,
                ir.ForceRls,
                ir.RenameTable,
                ir.SetTableSchema,
                ir.AttachPartition,
                ir.DetachPartition,
            ),
            _alter,
        ),
        ir.CreateIndex: _action("CREATE INDEX"),
        ir.CreatePolicy: _action("CREATE POLICY"),
        ir.AlterPolicy: _action("ALTER POLICY"),
        ir.DropPolicy: _drop_policy,
        ir.DropTable: _drop_table,
    }
)


def before(catalog: Catalog, statement: ir.Statement) -> None:
    """Record an ``UnknownTable`` for each table ``statement`` needs that is not there."""
    needs = _NEEDS.get(type(statement))
    if needs is None or catalog.unseen_tables:
        return
    for ref, action in needs(statement):
        if ref.if_exists or catalog.table(ref.schema, ref.name) is not None:
            continue
        if _other_relation(catalog, ref):
            continue
        schema = ref.schema if ref.schema is not None else creation_schema(catalog)
        catalog.events.append(UnknownTable(ref.span, ref, schema, action))


def _other_relation(catalog: Catalog, ref: ir.TableRef) -> bool:
    """Whether a relation the catalog does not model may answer to ``ref``."""
    schemas = (ref.schema,) if ref.schema is not None else ("pg_temp", *catalog.search_path)
    return any(
        (schema, ref.name) in catalog.relations or schema in catalog.unseen_schemas
        for schema in schemas
    )


def after_opaque(catalog: Catalog, statement: ir.Opaque) -> None:
    """Note the relations an unmodelled statement makes, and whether it may make tables."""
    for ref in statement.creates:
        schema = ref.schema if ref.schema is not None else creation_schema(catalog)
        if schema is not None:
            catalog.relations.add((schema, ref.name))
    if statement.kind in _UNSEEN:
        catalog.unseen_tables = True


# Extensions that make no table (functions, types, operators, views at most): common ones.
_NO_TABLES = frozenset(
    {
        "btree_gin", "btree_gist", "citext", "cube", "dblink", "earthdistance",
        "fuzzystrmatch", "hstore", "http", "hypopg", "index_advisor", "intarray", "isn",
        "lo", "ltree", "moddatetime", "pg_hashids", "pg_jsonschema", "pg_stat_statements",
        "pg_trgm", "pgcrypto", "pgjwt", "pgrowlocks", "pgstattuple", "plpgsql", "plv8",
        "postgres_fdw", "seg", "tablefunc", "tcn", "unaccent", "uuid-ossp", "vector",
    }
)  # fmt: skip


def create_extension(catalog: Catalog, statement: ir.CreateExtension) -> None:
    """An extension may make tables in its schema, which the history does not show."""
    if statement.name in _NO_TABLES:
        return
    schema = statement.schema or creation_schema(catalog)
    if schema is not None:
        catalog.unseen_schemas.add(schema)


def after_do_block(catalog: Catalog, statement: ir.DoBlock) -> None:
    """A DO block whose SQL is built at run time (or not PL/pgSQL) may make any table."""
    if statement.dynamic or statement.language != "plpgsql":
        catalog.unseen_tables = True


def add_existing_column(catalog: Catalog, statement: ir.AddColumn, table: Table) -> None:
    """``ADD COLUMN`` of a column the table has: PostgreSQL refuses it (without IF NOT EXISTS)."""
    if statement.if_not_exists or table.incomplete:
        return
    name = statement.column.name
    catalog.events.append(
        WouldFail(
            statement.column.name_span,
            f'column "{name}" of relation "{table.name}" already exists',
            hint=(
                "Remove this `ADD COLUMN` if an earlier migration already adds the column, "
                "or write `ADD COLUMN IF NOT EXISTS` when the statement must be repeatable."
            ),
        )
    )


def drop_column_with_dependents(catalog: Catalog, statement: ir.DropColumn, table: Table) -> bool:
    """``DROP COLUMN`` without CASCADE of a column other objects depend on: refused (the
    replay then leaves the table as it is, as PostgreSQL does). Returns whether it is."""
    if statement.cascade or table.incomplete or table.column(statement.column) is None:
        return False
    if not behaviour_of(catalog.dialect).checks_dependents:
        return False  # other databases have their own rules (see ``dialects``)
    details = dependents(catalog, table, statement.column)
    if details:
        catalog.events.append(
            WouldFail(
                statement.column_span,
                f"cannot drop column {statement.column} of table {table.name} "
                "because other objects depend on it",
                details,
                hint=(
                    "Drop or change the dependent objects first, in this migration, or write "
                    "`DROP COLUMN ... CASCADE` to drop them with the column (check that "
                    "losing them is intended: a policy dropped this way no longer protects "
                    "the table)."
                ),
            )
        )
    return bool(details)


def drop_table_with_dependents(
    catalog: Catalog, statement: ir.DropTable, tables: list[Table]
) -> bool:
    """``DROP TABLE`` without CASCADE of a table other objects depend on: refused, and
    nothing of the statement is dropped. Returns whether it is.

    Dependents are other tables' foreign keys to it, their policies whose sub-selects read
    its columns, and the views that read it; tables dropped by the same statement do not
    count (``DROP TABLE a, b`` drops both when ``b`` references ``a``).
    """
    if statement.cascade or not behaviour_of(catalog.dialect).checks_dependents:
        return False  # SQLite drops a referenced table; MySQL refuses (not followed)
    dropped = {t.key for t in tables}
    for table, ref in zip(tables, _refs_of(statement, tables), strict=True):
        of = f"table {table.name}"
        details = [
            f"constraint {c.name} on table {other.name} depends on {of}"
            for other in catalog.tables.values()
            if other.key not in dropped
            for c in other.constraints
            if referenced_by(c, table.key)
        ]
        details.extend(
            f"policy {p.name} on table {other.name} depends on {of}"
            for other in catalog.tables.values()
            if other.key not in dropped
            for p in other.policies
            if any((s, n) == table.key for s, n, _ in p.other_columns)
        )
        details.extend(
            f"{view.kind} {view.name} depends on {of}"
            for view in catalog.views.values()
            if table.key in view.reads
        )
        if details:
            catalog.events.append(
                WouldFail(
                    ref.span,
                    # PostgreSQL names the table only when the statement drops one.
                    f"cannot drop table {table.name} because other objects depend on it"
                    if len(tables) == 1
                    else "cannot drop desired object(s) because other objects depend on them",
                    tuple(details),
                    hint=(
                        "Drop the dependent objects first, in this migration, or write "
                        "`DROP TABLE ... CASCADE` to drop them with the table (check that "
                        "losing them is intended: a policy dropped this way no longer "
                        "protects its table)."
                    ),
                )
            )
            return True
    return False


def _refs_of(statement: ir.DropTable, tables: list[Table]) -> list[ir.TableRef]:
    """The reference of the statement that names each of ``tables``."""
    refs: list[ir.TableRef] = []
    for table in tables:
        ref = next(
            (
                r
                for r in statement.tables
                if r.name == table.name and r.schema in (None, table.schema)
            ),
            statement.tables[0],
        )
        refs.append(ref)
    return refs


def dependents(catalog: Catalog, table: Table, column: str) -> tuple[str, ...]:
    """What depends on ``column`` of ``table``, as PostgreSQL's DETAIL lines say it.

    Its table's generated columns computed from it and policies that read it; other tables'
    policies whose sub-selects read it and foreign keys that reference it. (The table's own indexes and constraints on it go with
    it; views are not modelled.)
    """
    of = f"column {column} of table {table.name}"
    found = [
        f"column {c.name} of table {table.name} depends on {of}"
        for c in table.columns
        if c.generated_from is not None and column in c.generated_from and c.name != column
    ]
    found.extend(
        f"policy {p.name} on table {table.name} depends on {of}"
        for p in table.policies
        if p.reads(column)
    )
    wanted = (*table.key, column)
    found.extend(
        f"policy {p.name} on table {other.name} depends on {of}"
        for other in catalog.tables.values()
        for p in other.policies
        if wanted in p.other_columns
    )
    for other in catalog.tables.values():
        for constraint in other.constraints:
            if not referenced_by(constraint, table.key) or column not in constraint.ref_columns:
                continue
            if other.key == table.key and column in constraint.columns:
                continue  # a key on the column itself goes with it
            found.append(f"constraint {constraint.name} on table {other.name} depends on {of}")
    return tuple(found)
