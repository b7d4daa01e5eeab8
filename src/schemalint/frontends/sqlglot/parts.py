"""Column definitions, constraints and index keys: sqlglot expressions → IR parts with spans."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemalint import ir
from schemalint.catalog.dialects import mysql_index_name
from schemalint.frontends.sqlglot.tokens import Tokens, identifier_span, word
from schemalint.source import Span
from schemalint.tools.dialects import Dialect

Expr = Any  # a sqlglot expression; sqlglot is imported lazily


@dataclass(frozen=True)
class Context:
    """One statement being converted: its tokens, the dialect and sqlglot's expression module."""

    toks: Tokens
    dialect: Dialect  # whose behaviour applies (a family's)
    exp: Any  # the sqlglot.expressions module

    @property
    def innodb_keys(self) -> bool:
        """Keys as InnoDB stores them (``Dialect.innodb_keys``)."""
        return self.dialect.innodb_keys

    def span_of(self, identifier: Expr) -> Span:
        return identifier_span(self.toks.source, identifier) or self.toks.whole

    def token_index(self, identifier: Expr) -> int | None:
        meta = getattr(identifier, "meta", None) or {}
        return self.toks.index_at(int(meta["start"])) if "start" in meta else None

    def sql(self, expression: Expr) -> str:
        return str(expression.sql(dialect=self.dialect.name))


def name_of(expression: Expr) -> str:
    # sqlglot leaves a plain string in some argument slots of unusual statements.
    return expression if isinstance(expression, str) else str(expression.name)


def table_ref(ctx: Context, table: Expr) -> ir.TableRef:
    """A table name; SQLite's ``main.`` qualifier is the default database, so it is dropped."""
    identifier = table.this
    span = ctx.span_of(identifier)
    schema_identifier = table.args.get("db")
    schema = name_of(schema_identifier) if schema_identifier else None
    if schema_identifier is not None:
        span = ctx.toks.source.span(ctx.span_of(schema_identifier).start, span.end)
    if schema is not None and schema.lower() in ctx.dialect.default_schema_aliases:
        schema = None
    return ir.TableRef(schema, name_of(identifier), span)


def key_column(ctx: Context, key: Expr) -> str | None:
    """The column an index key names, or ``None`` for an expression key.

    MySQL's prefix key ``col(10)`` still indexes ``col`` (sqlglot reads it as a call or a
    ColumnPrefix).
    """
    exp = ctx.exp
    if isinstance(key, exp.Ordered):
        key = key.this
    if isinstance(key, (exp.Column, exp.Identifier)):
        return name_of(key)
    if isinstance(key, exp.ColumnPrefix):
        return name_of(key.this)
    if (
        ctx.innodb_keys
        and isinstance(key, exp.Anonymous)
        and isinstance(key.this, exp.Identifier)
        and len(key.expressions) == 1
        and isinstance(key.expressions[0], exp.Literal)
    ):
        return name_of(key.this)
    return None


def _action(option: str, prefix: str) -> str | None:
    upper = option.upper()
    return upper[len(prefix) :].strip().lower() if upper.startswith(prefix) else None


def foreign_key_ref(ctx: Context, reference: Expr, span: Span) -> ir.ForeignKeyRef:
    target = reference.this
    columns: tuple[str, ...] = ()
    if isinstance(target, ctx.exp.Schema):
        columns = tuple(name_of(c) for c in target.expressions)
        target = target.this
    on_delete = on_update = None
    for option in reference.args.get("options") or ():
        on_delete = _action(str(option), "ON DELETE ") or on_delete
        on_update = _action(str(option), "ON UPDATE ") or on_update
    return ir.ForeignKeyRef(table_ref(ctx, target), columns, on_delete, on_update, span)


def references_span(ctx: Context, first: int, last: int) -> Span:
    start = ctx.toks.first_at_depth0(first, last, frozenset({"REFERENCES"}))
    return ctx.toks.span(start if start is not None else first, last)


@dataclass(frozen=True)
class IndexPart:
    """A MySQL ``KEY``/``INDEX``/``UNIQUE`` inside CREATE or ALTER TABLE: really an index."""

    name: str | None
    columns: tuple[str | None, ...]
    unique: bool
    method: str


def table_element(
    ctx: Context, element: Expr, first: int, last: int, name: str | None = None
) -> ir.ConstraintDef | IndexPart | None:
    """A table-level constraint or index; ``None`` for what the IR does not model."""
    exp = ctx.exp
    span = ctx.toks.span(first, last)
    if isinstance(element, exp.Constraint):
        inner = element.expressions[0] if element.expressions else None
        return table_element(ctx, inner, first, last, name_of(element.this)) if inner else None
    if isinstance(element, exp.PrimaryKey):
        columns = tuple(str(key_column(ctx, c) or "") for c in element.expressions)
        # MySQL names every primary key PRIMARY whatever the statement says; the replay's
        # dialect step gives it that name (here it would clash across tables).
        return ir.ConstraintDef("primary_key", None if ctx.innodb_keys else name, columns, span)
    if isinstance(element, exp.ForeignKey):
        columns = tuple(name_of(c) for c in element.expressions)
        ref = foreign_key_ref(ctx, element.args["reference"], references_span(ctx, first, last))
        return ir.ConstraintDef("foreign_key", name, columns, span, references=ref)
    if isinstance(element, exp.UniqueColumnConstraint):
        schema = element.this
        keys = schema.expressions if schema is not None else []
        keys_columns = tuple(key_column(ctx, k) for k in keys)
        if schema is not None and schema.this is not None:
            name = name_of(schema.this)
        if ctx.innodb_keys:
            return IndexPart(name, keys_columns, unique=True, method="btree")
        return ir.ConstraintDef("unique", name, tuple(str(c or "") for c in keys_columns), span)
    if isinstance(element, exp.IndexColumnConstraint):
        index_name = name_of(element.this) if element.this is not None else name
        index_columns = tuple(key_column(ctx, k) for k in element.expressions)
        method = str(element.args.get("kind") or "btree").lower()
        return IndexPart(index_name, index_columns, unique=False, method=method)
    if isinstance(element, exp.CheckColumnConstraint):
        return ir.ConstraintDef("check", name, (), span, reads=check_reads(ctx, element.this))
    return None


def check_reads(ctx: Context, expression: Expr) -> tuple[str, ...]:
    """The column names a CHECK expression reads, first mention first."""
    columns = expression.find_all(ctx.exp.Column, bfs=False)
    return tuple(dict.fromkeys(name_of(column) for column in columns))


def _has_rowid_default(ctx: Context, first: int, last: int) -> bool:
    """SQLite's ``INTEGER PRIMARY KEY`` is the rowid: it fills itself."""
    if not ctx.dialect.integer_primary_key_is_rowid or first + 1 > last:
        return False
    return word(ctx.toks.tokens[first + 1]) == "INTEGER"


def column_def(
    ctx: Context, column: Expr, first: int, last: int
) -> tuple[ir.ColumnDef, tuple[IndexPart, ...]]:
    """A column definition, and (MySQL) the indexes its inline UNIQUE makes."""
    exp = ctx.exp
    if isinstance(column, exp.Identifier):  # SQLite column without a type
        span = ctx.span_of(column)
        return ir.ColumnDef(name_of(column), "", False, False, ctx.toks.span(first, last), span), ()
    name = name_of(column.this)
    kind = column.args.get("kind")
    type_name = ctx.sql(kind).lower() if kind is not None else ""
    clauses = ctx.toks.clauses(first + 1, last)
    not_null = has_default = False
    default_sql: str | None = None
    constraints: list[ir.ConstraintDef] = []
    indexes: list[IndexPart] = []
    primary = False
    used: set[int] = set()

    def clause_span(opener: str) -> Span:
        for position, (keyword, start, end) in enumerate(clauses):
            if keyword == opener and position not in used:
                used.add(position)
                return ctx.toks.span(start, end)
        return ctx.toks.span(first, last)

    for item in column.args.get("constraints") or ():
        constraint = item.args.get("kind")
        constraint_name = name_of(item.this) if item.this is not None else None
        if isinstance(constraint, exp.NotNullColumnConstraint):
            not_null = not constraint.args.get("allow_null")
        elif isinstance(constraint, exp.DefaultColumnConstraint):
            has_default, default_sql = True, ctx.sql(constraint.this)
        elif isinstance(
            constraint,
            (
                exp.AutoIncrementColumnConstraint,
                exp.ComputedColumnConstraint,
                exp.GeneratedAsIdentityColumnConstraint,
            ),
        ):
            has_default = True
        elif isinstance(constraint, exp.PrimaryKeyColumnConstraint):
            primary = True
            pk_name = None if ctx.innodb_keys else constraint_name
            constraints.append(
                ir.ConstraintDef("primary_key", pk_name, (name,), clause_span("PRIMARY"))
            )
        elif isinstance(constraint, exp.UniqueColumnConstraint):
            span = clause_span("UNIQUE")
            if ctx.innodb_keys:
                indexes.append(IndexPart(constraint_name, (name,), unique=True, method="btree"))
            else:
                constraints.append(ir.ConstraintDef("unique", constraint_name, (name,), span))
        elif isinstance(constraint, exp.Reference):
            span = clause_span("REFERENCES")
            ref = foreign_key_ref(ctx, constraint, span)
            constraints.append(
                ir.ConstraintDef("foreign_key", constraint_name, (name,), span, references=ref)
            )
        elif isinstance(constraint, exp.CheckColumnConstraint):
            span = clause_span("CHECK")
            reads = check_reads(ctx, constraint.this)
            constraints.append(
                ir.ConstraintDef("check", constraint_name, (name,), span, reads=reads)
            )
    if primary and _has_rowid_default(ctx, first, last):
        has_default = True
    definition = ir.ColumnDef(
        name=name,
        type_name=type_name,
        not_null=not_null,
        has_default=has_default,
        span=ctx.toks.span(first, last),
        name_span=ctx.span_of(column.this),
        default_sql=default_sql,
        constraints=tuple(constraints),
    )
    return definition, tuple(indexes)


def mysql_index_names(parts: list[IndexPart]) -> list[IndexPart]:
    """The indexes of one CREATE TABLE, unnamed ones named as MySQL does, in declaration order.

    Named here rather than by the replay: the replay adds InnoDB's implicit foreign-key
    indexes as soon as the table exists, before the table's own keys, whose names they
    would otherwise take.
    """
    taken: set[str] = set()
    named: list[IndexPart] = []
    for part in parts:
        name = part.name or mysql_index_name(taken, part.columns)
        taken.add(name)
        named.append(IndexPart(name, part.columns, part.unique, part.method))
    return named
