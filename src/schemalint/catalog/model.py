"""Catalog objects: what the database holds after the migrations ran.

Objects are frozen; the Catalog container is the one mutable thing, changed only by the replay
(or built once by a Prisma lowering). Every object keeps the span where it was defined, so
schema rules can point at it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from schemalint.catalog import provenance
from schemalint.catalog.privileges import Acl, DefaultKey, supabase_defaults
from schemalint.catalog.provenance import Change
from schemalint.catalog.routines import Extension, Function, FunctionKey
from schemalint.catalog.views import ForeignTable, View
from schemalint.frozen import frozen, replace
from schemalint.ir.constraints import ConstraintKind
from schemalint.ir.security import ClauseFacts
from schemalint.source import Span


@frozen
class Column:
    """A column; ``field`` is the Prisma field it comes from (``name`` is after ``@map``).

    ``generated_from`` is ``None`` unless the column is generated (``GENERATED ALWAYS AS``);
    then it names the columns of the table its expression reads.
    ``not_null_name``: the name of its not-null constraint where the history gave one in
    PostgreSQL 18's syntax (``ADD CONSTRAINT name NOT NULL col``, the table constraint
    ``CONSTRAINT name NOT NULL col``): ``VALIDATE``/``DROP CONSTRAINT`` name it.
    ``not_null_valid``: false after ``ADD CONSTRAINT … NOT NULL col NOT VALID`` until it is
    validated: PostgreSQL 18 then has ``attnotnull`` set (new rows are checked) and the
    constraint's ``convalidated`` unset (existing rows were not).
    ``local``: the table defines the column itself (``attislocal``); false for a column it
    has only from its parents (``INHERITS``, a partition's), which goes when they drop it.
    """

    name: str
    type_name: str
    not_null: bool
    has_default: bool
    span: Span
    default_sql: str | None = None
    field: str | None = None
    generated_from: tuple[str, ...] | None = None
    not_null_name: str | None = None
    not_null_valid: bool = True
    local: bool = True

    @property
    def shape(self) -> tuple[object, ...]:
        """The column apart from its name and position: type, nullability, default (SL801
        compares these; generated and Prisma names are no shape)."""
        return (self.type_name, self.not_null, self.has_default, self.default_sql)


@frozen
class Constraint:
    """A PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK or EXCLUDE constraint.

    PRIMARY KEY and UNIQUE constraints are backed by an index of the same name.
    For a foreign key, ``ref_schema``/``ref_table``/``ref_columns`` name the referenced table;
    the replay resolves ``ref_schema`` with the search path in force when the key was made.
    ``statement_span`` is the whole top-level statement that made the constraint (its
    CREATE TABLE, ALTER TABLE, or DO block), where a fix can add a statement after it;
    ``None`` where there is no such statement (a Prisma schema).
    ``not_valid``: added ``NOT VALID`` (a CHECK or FOREIGN KEY whose existing rows were not
    checked) and not validated since (``VALIDATE CONSTRAINT``).
    ``not_null_columns``: for a CHECK, the columns its expression proves non-null (a top-level
    ``AND`` conjunct ``col IS NOT NULL``), which lets ``SET NOT NULL`` skip its scan once the
    CHECK is validated (PostgreSQL 12 and later).
    """

    kind: ConstraintKind
    name: str
    columns: tuple[str, ...]
    span: Span
    ref_schema: str | None = None
    ref_table: str | None = None
    ref_columns: tuple[str, ...] = ()
    on_delete: str | None = None
    statement_span: Span | None = None
    not_valid: bool = False
    not_null_columns: tuple[str, ...] = ()
    # When it was made: the catalog's provenance clock then (see ``provenance.made_at``).
    order: int = field(default=0, compare=False)

    @property
    def shape(self) -> tuple[object, ...]:
        """The constraint apart from its name and position: kind, columns, referenced table
        and columns, delete action. PostgreSQL takes a partition's constraint of the parent's
        shape as the parent's copy (a foreign key of another delete action is not);
        validity is a state, not shape."""
        return (
            self.kind,
            self.columns,
            self.ref_schema,
            self.ref_table,
            self.ref_columns,
            self.on_delete,
        )


@frozen
class Index:
    """A standalone index (CREATE INDEX); ``None`` in ``columns`` marks an expression key.

    ``expression_columns``, ``predicate_columns`` and ``include_columns`` are the columns its
    expression keys, its WHERE clause and its INCLUDE list read (see ``reads``).
    ``not_null_predicate``: when the WHERE clause is exactly a conjunction of ``col IS NOT
    NULL`` tests, those columns (an equality lookup on them implies the predicate).
    """

    name: str
    columns: tuple[str | None, ...]
    span: Span
    unique: bool = False
    partial: bool = False
    method: str = "btree"
    expression_columns: tuple[str, ...] = ()
    predicate_columns: tuple[str, ...] = ()
    include_columns: tuple[str, ...] = ()
    not_null_predicate: tuple[str, ...] = ()
    # The names PostgreSQL gave its key and INCLUDE columns, when they are not ``columns``
    # (see ``ir.CreateIndex.key_names``): a copy of the index elsewhere is named from them.
    key_names: tuple[str, ...] = ()
    # When it was made: the catalog's provenance clock then (see ``provenance.made_at``).
    order: int = field(default=0, compare=False)

    @property
    def shape(self) -> tuple[object, ...]:
        """The index apart from its name and position, as a schema declares it: key
        columns, uniqueness, whether partial, method (what SL801 compares)."""
        return (self.columns, self.unique, self.partial, self.method)

    @property
    def full_shape(self) -> tuple[object, ...]:
        """``shape`` and what only SQL says: the INCLUDE columns and the columns the
        expression keys and the predicate read (a partition's index of the parent's full
        shape is the parent's copy)."""
        return (*self.shape, self.include_columns, self.expression_columns, self.predicate_columns)

    def reads(self, column: str) -> bool:
        """Whether the index depends on ``column`` (PostgreSQL drops it with the column)."""
        return (
            column in self.columns
            or column in self.expression_columns
            or column in self.predicate_columns
            or column in self.include_columns
        )


@frozen
class Policy:
    """A policy; ``using_columns``/``with_check_columns``: the table's columns each clause reads.

    ``name_span`` is the name in the CREATE POLICY; ``using_facts``/``with_check_facts``
    are what each clause says (see ``ir.ClauseFacts``), from the statement that last set
    the clause (a CREATE or an ALTER POLICY), so their spans point into it.
    ``other_columns``: the columns of other tables its sub-selects read (PostgreSQL records
    a dependency on each: ``DROP COLUMN`` of one fails without CASCADE).
    """

    name: str
    span: Span
    command: str = "all"
    roles: tuple[str, ...] = ("public",)
    using: str | None = None
    with_check: str | None = None
    permissive: bool = True
    using_columns: tuple[str, ...] = ()
    with_check_columns: tuple[str, ...] = ()
    name_span: Span | None = None
    using_facts: ClauseFacts | None = None
    with_check_facts: ClauseFacts | None = None
    # Columns of other tables its sub-selects read, as (schema, table, column).
    other_columns: tuple[tuple[str, str, str], ...] = ()
    # When its clauses were last set (CREATE, or ALTER POLICY ... USING / WITH CHECK): the
    # catalog's provenance clock then (see ``provenance.made_at``).
    order: int = field(default=0, compare=False)

    def reads(self, column: str) -> bool:
        return column in self.using_columns or column in self.with_check_columns

    def clauses(self) -> tuple[ClauseFacts, ...]:
        """The facts of the clauses the policy has: USING first, then WITH CHECK."""
        return tuple(f for f in (self.using_facts, self.with_check_facts) if f is not None)


@frozen
class Trigger:
    name: str
    function: str
    span: Span


@frozen
class Table:
    """A table and everything defined on it.

    ``span`` is where the table was created (the CREATE TABLE statement, or the Prisma model).
    ``name_span`` is the table name inside it. ``rls_span`` is the last statement that
    changed RLS. ``incomplete`` means some statement changed the table in a way the catalog
    cannot follow: rules stay quiet about it rather than guess.
    ``origin`` is ``"sql"`` or ``"prisma"``. ``changes`` records, per property rules read,
    the statement that last changed it (see ``catalog.provenance``); ask with ``latest``.
    ``parents``: the tables it inherits from (``INHERITS``), or its one partitioned table
    when ``partition``; ``partitioned``: it says ``PARTITION BY`` (it holds no rows itself).
    """

    schema: str
    name: str
    span: Span
    name_span: Span
    columns: tuple[Column, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    policies: tuple[Policy, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    rls_enabled: bool = False
    rls_forced: bool = False
    rls_span: Span | None = None
    incomplete: bool = False
    origin: str = "sql"
    parents: tuple[tuple[str, str], ...] = ()
    partition: bool = False
    partitioned: bool = False
    # Where things happened, not what the table is: two tables with the same content are equal.
    changes: tuple[Change, ...] = field(default=(), compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.schema, self.name)

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    def column(self, name: str) -> Column | None:
        for column in self.columns:
            if column.name == name:
                return column
        return None

    def constraint(self, name: str) -> Constraint | None:
        for constraint in self.constraints:
            if constraint.name == name:
                return constraint
        return None

    @property
    def primary_key(self) -> Constraint | None:
        for constraint in self.constraints:
            if constraint.kind == "primary_key":
                return constraint
        return None

    @property
    def foreign_keys(self) -> tuple[Constraint, ...]:
        # Rules ask it of every table, several times: a plain loop costs a third of a
        # comprehension where there is no foreign key or one.
        found: tuple[Constraint, ...] = ()
        for constraint in self.constraints:
            if constraint.kind == "foreign_key":
                found = (*found, constraint)
        return found

    def latest(self, *props: str) -> Change | None:
        """The most recent change of any of ``props`` (``catalog.provenance`` names them).

        ``None``: none of them changed since the table was created, so a condition on them
        holds (or not) from its definition on.
        """
        return provenance.latest(self.changes, props) if self.changes else None

    # ``table.with_changes(**changes)``: ``dataclasses.replace(table, **changes)`` at a
    # fraction of its cost (the replay makes a new table for each constraint, index,
    # policy... that it adds): ``frozen.replace`` itself, without a call around it.
    with_changes = replace


class TableMap(dict[tuple[str, str], Table]):
    """Tables by (schema, name), keeping an index of constraint names per schema in step.

    PostgreSQL chooses automatic constraint names free in the whole schema; asking that of
    every table each time is quadratic over a long history. It also counts the tables that
    have parents, so that ``children`` of a table answers at once where none has (most
    histories). Assign and delete items only (``table_map[key] = t``, ``del``, ``pop``):
    those keep the index right.
    """

    def __init__(self) -> None:
        super().__init__()
        self._constraint_names: Counter[tuple[str, str]] = Counter()
        self._inheriting = 0

    def __setitem__(self, key: tuple[str, str], table: Table) -> None:
        old = self.get(key)
        if old is None:
            before: tuple[Constraint, ...] = ()
            self._inheriting += bool(table.parents)
        else:
            before = old.constraints
            if old.parents is not table.parents:
                self._inheriting += bool(table.parents) - bool(old.parents)
        super().__setitem__(key, table)
        # Most replays change a table without touching its constraints, or add one at the
        # end: count only what changed rather than every constraint again each time.
        after = table.constraints
        if after is before:
            return
        kept = len(before)
        if after[:kept] != before:
            self._count(key[0], before, -1)
            kept = 0
        self._count(key[0], after[kept:], 1)

    def __delitem__(self, key: tuple[str, str]) -> None:
        self._forget(key)
        super().__delitem__(key)

    def pop(self, key: tuple[str, str], default: Any = None) -> Any:
        self._forget(key)
        return super().pop(key, default)

    def __reduce__(self) -> tuple[Any, ...]:
        # copy's and pickle's default for a dict subclass sets the items before restoring
        # ``__dict__``, so ``__setitem__`` would run without the index; rebuilding it through
        # ``__init__`` and ``__setitem__`` keeps it derived from the tables alone.
        return (type(self), (), None, None, iter(self.items()))

    def children(self, key: tuple[str, str]) -> list[Table]:
        """The tables that inherit from the table ``key`` or are its partitions, in order."""
        if not self._inheriting:
            return []
        return [t for t in self.values() if key in t.parents]

    def has_constraint(self, schema: str, name: str) -> bool:
        """Whether a table of ``schema`` has a constraint called ``name``."""
        return self._constraint_names.get((schema, name), 0) > 0

    def _forget(self, key: tuple[str, str]) -> None:
        old = self.get(key)
        if old is not None:
            self._count(key[0], old.constraints, -1)
            self._inheriting -= bool(old.parents)

    def _count(self, schema: str, constraints: tuple[Constraint, ...], change: int) -> None:
        names = self._constraint_names
        for constraint in constraints:
            names[(schema, constraint.name)] += change


class Shared(dict[Any, Any]):
    """``shared[value]``: ``value``, or the equal one kept already (then the one to store)."""

    def __missing__(self, value: Any) -> Any:
        self[value] = value
        return value


@dataclass
class Catalog:
    """The schema state: tables by (schema, name), known schemas, the search path.

    ``dialect`` is ``postgres``, ``mysql`` or ``sqlite``. ``index_owner`` maps an index name
    (schema, name) to the key of its table, for DROP INDEX / ALTER INDEX.
    ``metadata_functions`` are the functions (schema, name) whose body, as last created,
    reads the user-editable metadata (see ``ir.CreateFunction.user_metadata``).
    ``functions`` by signature, ``views`` and ``foreign_tables`` by (schema, name) (see
    ``catalog.views``), ``extensions`` by name; ``default_privileges`` are the ``ALTER
    DEFAULT PRIVILEGES`` entries in force, starting with Supabase's (``catalog.privileges``).
    ``relations`` are other relations the history made that the catalog does not model
    (views, materialized views, sequences, foreign tables), by (schema, name).
    ``unseen_tables`` is true once some statement may have made tables the replay cannot
    see (dynamic SQL, a function call): a table it does not know may exist anywhere;
    ``unseen_schemas`` are the schemas where one may exist (an extension's schema).
    ``events`` holds what the replay noticed (``catalog.events``) until the engine takes it.
    ``clock`` counts the provenance records made so far: it orders the tables' ``changes``
    across files.
    ``shared``: one object for each value that repeats from table to table (column names and
    types, defaults, column lists, policy clauses, access lists), which the replay stores in
    place of the equal ones a statement brings: the objects of a large history are mostly
    its catalog, and the frontends make a new string or tuple for each occurrence.
    """

    dialect: str = "postgres"
    tables: TableMap = field(default_factory=TableMap)
    schemas: set[str] = field(default_factory=lambda: {"public"})
    search_path: tuple[str, ...] = ("public",)
    index_owner: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    metadata_functions: set[tuple[str, str]] = field(default_factory=set)
    functions: dict[FunctionKey, Function] = field(default_factory=dict)
    views: dict[tuple[str, str], View] = field(default_factory=dict)
    foreign_tables: dict[tuple[str, str], ForeignTable] = field(default_factory=dict)
    extensions: dict[str, Extension] = field(default_factory=dict)
    default_privileges: dict[DefaultKey, Acl] = field(default_factory=supabase_defaults)
    clock: int = 0
    relations: set[tuple[str, str]] = field(default_factory=set)
    unseen_tables: bool = False
    unseen_schemas: set[str] = field(default_factory=set)
    events: list[Any] = field(default_factory=list, repr=False, compare=False)
    shared: Shared = field(default_factory=Shared, repr=False, compare=False)

    def take_events(self) -> list[Any]:
        """The events recorded since the last call (``catalog.events.ReplayEvent``)."""
        events = self.events
        if events:
            self.events = []
        return events

    def __iter__(self) -> Iterator[Table]:
        return iter(self.tables.values())

    def table(self, schema: str | None, name: str) -> Table | None:
        """Look a table up; an unqualified name is resolved along the search path."""
        if schema is not None:
            return self.tables.get((schema, name))
        for candidate in self.search_path:
            table = self.tables.get((candidate, name))
            if table is not None:
                return table
        return None
