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
from schemalint.catalog.views import View
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
                *ir.ALTER_TABLE_ACTIONS,
                ir.AttachPartition,
                ir.DetachPartition,
                ir.Inherit,
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


def second_not_null(catalog: Catalog, statement: ir.SetNotNull, table: Table) -> bool:
    """PostgreSQL 18's ``ADD CONSTRAINT name NOT NULL col`` on a column that has a not-null
    constraint: refused unless it is the same one (same name; a NOT VALID one cannot be
    re-added valid). Returns whether it is (the replay then changes nothing)."""
    column = table.column(statement.column)
    if statement.constraint is None or column is None or not column.not_null:
        return False
    # PostgreSQL 18 names an unnamed one ``<table>_<column>_not_null``.
    existing = column.not_null_name or f"{table.name}_{column.name}_not_null"
    details: tuple[str, ...] = ()
    if not column.not_null_valid and not statement.not_valid:
        message = f'incompatible NOT VALID constraint "{existing}" on relation "{table.name}"'
        hint = "Validate it with `ALTER TABLE ... VALIDATE CONSTRAINT` instead."
    elif existing != statement.constraint:
        message = (
            f'cannot create not-null constraint "{statement.constraint}" on column '
            f'"{column.name}" of table "{table.name}"'
        )
        details = (f'A not-null constraint named "{existing}" already exists for this column.',)
        hint = "Remove this statement: the column is NOT NULL already."
    else:
        return False
    catalog.events.append(WouldFail(statement.column_span, message, details, hint=hint))
    return True


def _has_children(catalog: Catalog, table: Table) -> bool:
    return bool(catalog.tables.children(table.key))


def _inherited(catalog: Catalog, table: Table, column: str) -> bool:
    """Whether ``table`` has ``column`` from a parent (``attinhcount > 0``)."""
    parents = (catalog.tables.get(key) for key in table.parents)
    return any(p is not None and p.column(column) is not None for p in parents)


_ONLY_HINT = "Leave out `ONLY`: PostgreSQL applies this to the inheritors and partitions too."
_INHERITED_HINT = "Change the column on the parent table: the change reaches this table too."


def inheritance_refuses(catalog: Catalog, statement: Any, table: Table) -> bool:
    """A column change PostgreSQL refuses because of inheritance (checked on 15 and 18):
    on a column the table inherits, or with ``ONLY`` on a parent whose children must follow.
    Records the ``WouldFail`` and returns whether it is refused (the replay changes nothing)."""
    # Only PostgreSQL's frontend makes inheritors and partitions, or says ONLY.
    if table.incomplete:
        return False
    message = _inheritance_error(catalog, statement, table)
    if message is None:
        return False
    where = getattr(statement, "column_span", statement.span)
    hint = _ONLY_HINT if statement.table.only else _INHERITED_HINT
    catalog.events.append(WouldFail(where, message, hint=hint))
    return True


def _inheritance_error(catalog: Catalog, statement: Any, table: Table) -> str | None:
    if not isinstance(
        statement,
        (
            ir.AddColumn,
            ir.AddConstraint,
            ir.SetNotNull,
            ir.DropColumn,
            ir.RenameColumn,
            ir.AlterColumnType,
        ),
    ):
        return None
    children = statement.table.only and _has_children(catalog, table)
    if isinstance(statement, ir.SetNotNull):
        # A partition cannot be less strict than its table (an inheritor can). PostgreSQL 18
        # refuses it even when no partition's column is nullable; 15 accepts that.
        partitions = catalog.tables.children(table.key)
        nullable = any((c := p.column(statement.column)) and not c.not_null for p in partitions)
        refused = children and table.partitioned and nullable
        return "constraint must be added to child tables too" if refused else None
    if isinstance(statement, ir.AddColumn):
        new = table.column(statement.column.name) is None
        return "column must be added to child tables too" if children and new else None
    if isinstance(statement, ir.AddConstraint):
        check = statement.constraint.kind == "check"
        return "constraint must be added to child tables too" if children and check else None
    name = statement.column
    if table.column(name) is None:
        return None
    inherited = _inherited(catalog, table, name)
    if isinstance(statement, ir.DropColumn):
        if children and table.partitioned:
            return "cannot drop column from only the partitioned table when partitions exist"
        return f'cannot drop inherited column "{name}"' if inherited else None
    if isinstance(statement, ir.RenameColumn):
        if children:
            return f'inherited column "{name}" must be renamed in child tables too'
        return f'cannot rename inherited column "{name}"' if inherited else None
    if inherited:
        return f'cannot alter inherited column "{name}"'
    if children:
        return f'type of inherited column "{name}" must be changed in child tables too'
    return None


def inherit_refused(catalog: Catalog, statement: ir.Inherit, table: Table, parent: Table) -> bool:
    """``INHERIT``/``NO INHERIT`` that PostgreSQL refuses; records the ``WouldFail``."""
    message = None
    if statement.no:
        if parent.key not in table.parents:
            message = f'relation "{parent.name}" is not a parent of relation "{table.name}"'
    elif parent.partitioned:
        message = f'cannot inherit from partitioned table "{parent.name}"'
    elif parent.key in table.parents:
        message = f'relation "{parent.name}" would be inherited from more than once'
    else:
        missing = next((c.name for c in parent.columns if table.column(c.name) is None), None)
        check = next(
            (
                c.name
                for c in parent.constraints
                if c.kind == "check" and table.constraint(c.name) is None
            ),
            None,
        )
        if missing is not None:
            message = f'child table is missing column "{missing}"'
        elif check is not None:
            message = f'child table is missing constraint "{check}"'
    if message is None:
        return False
    catalog.events.append(WouldFail(statement.parent.span, message))
    return True


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
        readers = [view for view in catalog.views.values() if table.key in view.reads]
        details.extend(f"{view.kind} {view.name} depends on {of}" for view in readers)
        details.extend(_views_on_views(catalog, readers))
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
    policies whose sub-selects read it and foreign keys that reference it; the views that
    read it. (The table's own indexes and constraints on it go with it.)
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
    readers = views_reading(catalog, wanted)
    found.extend(f"{v.kind} {v.name} depends on {of}" for v in readers)
    found.extend(_views_on_views(catalog, readers))
    return tuple(found)


def _views_on_views(catalog: Catalog, views: list[View]) -> list[str]:
    """PostgreSQL's DETAIL lines for the views that read ``views``, and theirs in turn."""
    lines: list[str] = []
    seen = {v.key for v in views}
    pending = list(views)
    while pending:
        view = pending.pop(0)
        for other in catalog.views.values():
            if view.key in other.reads:
                lines.append(f"{other.kind} {other.name} depends on {view.kind} {view.name}")
                if other.key not in seen:
                    seen.add(other.key)
                    pending.append(other)
    return lines


def views_reading(catalog: Catalog, column: tuple[str, str, str]) -> list[View]:
    """The views and materialized views whose query reads ``column`` (schema, table, name)."""
    return [v for v in catalog.views.values() if column in v.columns]


def type_change_under_view(catalog: Catalog, statement: ir.AlterColumnType, table: Table) -> bool:
    """``ALTER COLUMN ... TYPE`` of a column a view reads: refused (PostgreSQL 15 and 18,
    which name the first view they meet: the earliest made, here). Records the
    ``WouldFail`` and returns whether it is refused."""
    if (
        not behaviour_of(catalog.dialect).checks_dependents
        or table.column(statement.column) is None
    ):
        return False
    views = views_reading(catalog, (*table.key, statement.column))
    if not views:
        return False
    catalog.events.append(
        WouldFail(
            statement.column_span,
            "cannot alter type of a column used by a view or rule",
            (
                f'rule _RETURN on {views[0].kind} {views[0].name} depends on column "{statement.column}"',
            ),
            hint=(
                "Drop the view first and create it again after the type change, in this migration."
            ),
        )
    )
    return True
