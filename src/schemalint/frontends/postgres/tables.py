"""CREATE TABLE, column definitions and constraints."""

from __future__ import annotations

import sys

from schemalint import ir
from schemalint.frontends.postgres import objects as pg_objects
from schemalint.frontends.postgres.columns import column_references
from schemalint.frontends.postgres.nodes import (
    SERIAL_TYPES,
    Node,
    strings,
    table_ref,
    type_text,
    walk,
)
from schemalint.frontends.postgres.security import create_materialized_view
from schemalint.frontends.postgres.text import Stmt, Tokens, ident_end, name_end
from schemalint.frozen import replace
from schemalint.source import Span

_KINDS: dict[str, ir.ConstraintKind] = {
    "CONSTR_PRIMARY": "primary_key",
    "CONSTR_UNIQUE": "unique",
    "CONSTR_FOREIGN": "foreign_key",
    "CONSTR_CHECK": "check",
    "CONSTR_EXCLUSION": "exclude",
}
_ACTIONS = {"r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}


def create_table(node: Node, stmt: Stmt) -> list[ir.Statement]:
    relation = node.get("relation", {})
    if relation.get("relpersistence") == "t":
        # A temporary table vanishes with the session: it is no part of the schema.
        return [pg_objects.opaque("CreateStmt", node, stmt)]
    columns: list[ir.ColumnDef] = []
    constraints: list[ir.ConstraintDef] = []
    incomplete = bool(node.get("ofTypename"))
    like: list[ir.LikeTable] = []
    table = table_ref(stmt, relation, exact=True)
    elements = node.get("tableElts", ())
    # Only a context file reads ``limit`` (a full parse scans the whole statement anyway).
    context = stmt.piece.context
    last = len(elements) - 1
    for index, element in enumerate(elements):
        limit = _start_of(elements[index + 1], stmt) if context and index < last else stmt.end
        if "ColumnDef" in element:
            columns.append(column_def(element["ColumnDef"], stmt, table, limit))
        elif "Constraint" in element:
            constraint = constraint_def(element["Constraint"], stmt, table)
            if constraint is not None:
                constraints.append(constraint)
            elif not _table_not_null(element["Constraint"], columns):
                incomplete = True
        elif "TableLikeClause" in element:
            like.append(_like(element["TableLikeClause"], stmt, len(columns)))
        else:
            incomplete = True
    parents = tuple(table_ref(stmt, r.get("RangeVar", {})) for r in node.get("inhRelations", ()))
    partition = "partbound" in node and len(parents) == 1
    return [
        ir.CreateTable(
            stmt.span,
            table,
            tuple(columns),
            tuple(constraints),
            if_not_exists=bool(node.get("if_not_exists")),
            incomplete=incomplete,
            like=tuple(like),
            inherits=() if partition else parents,
            partition_of=parents[0] if partition else None,
            partitioned="partspec" in node,
        )
    ]


# PostgreSQL's CREATE_TABLE_LIKE_* option bits.
_LIKE_BITS = {"constraints": 1 << 2, "defaults": 1 << 3, "generated": 1 << 4, "identity": 1 << 5}
_LIKE_INDEXES = 1 << 6


def _like(node: Node, stmt: Stmt, position: int) -> ir.LikeTable:
    options = int(node.get("options", 0))
    return ir.LikeTable(
        table_ref(stmt, node.get("relation", {})),
        position,
        indexes=bool(options & _LIKE_INDEXES),
        **{name: bool(options & bit) for name, bit in _LIKE_BITS.items()},
    )


def _table_not_null(node: Node, columns: list[ir.ColumnDef]) -> bool:
    """PostgreSQL 18's table constraint ``[CONSTRAINT name] NOT NULL col``: the column becomes
    NOT NULL under a valid constraint (also with ``NOT VALID``: PostgreSQL 18 validates it,
    the new table has no row it could leave unchecked). Returns whether it was one on the
    statement's own columns (another column, inherited: not followed)."""
    if node.get("contype") != "CONSTR_NOTNULL":
        return False
    names = strings(node.get("keys"))
    if not names:
        return False
    for index, column in enumerate(columns):
        if column.name in names:
            name = node.get("conname") or column.not_null_name
            columns[index] = replace(column, not_null=True, not_null_name=name)
    return all(any(c.name == n for c in columns) for n in names)


def create_table_as(node: Node, stmt: Stmt) -> list[ir.Statement]:
    into = node.get("into", {})
    if node.get("objtype") == "OBJECT_MATVIEW":
        return create_materialized_view(node, stmt)
    if node.get("objtype") != "OBJECT_TABLE" or into.get("rel", {}).get("relpersistence") == "t":
        # A materialized view or a temporary table: not modelled, but its name is taken.
        return [pg_objects.opaque("CreateTableAsStmt", node, stmt)]
    table = table_ref(stmt, into.get("rel", {}), exact=True)
    return [
        ir.CreateTable(
            stmt.span,
            table,
            columns=(),
            constraints=(),
            if_not_exists=bool(node.get("if_not_exists")),
            incomplete=True,
        )
    ]


def _start_of(element: Node, stmt: Stmt) -> int:
    """Where a table element starts, or the statement's end when its node has no location."""
    inner: object = next(iter(element.values()), {})
    location = inner.get("location", -1) if isinstance(inner, dict) else -1
    return stmt.piece.loc(location) if location >= 0 else stmt.end


def element_end(stmt: Stmt, start: int, tokens: Tokens | None = None) -> int:
    """The end offset of the list element (column, constraint, sub-command) at ``start``."""
    tokens = stmt.tokens if tokens is None else tokens
    first = tokens.at(start)
    stop = tokens.element_end(first)
    return tokens.ends[stop - 1] if stop > first else stmt.end


def column_def(
    node: Node, stmt: Stmt, table: ir.TableRef, limit: int | None = None
) -> ir.ColumnDef:
    """A column definition; ``limit``: where the next element starts, if known (a context
    file scans only up to it, see ``Stmt.tokens_in``)."""
    piece = stmt.piece
    context = piece.context
    # Column names and types repeat across tables: one string each, shared by the catalog.
    name = sys.intern(node.get("colname", ""))
    start = stmt.loc(node)
    # Only a target file's columns are pointed at; a context file's do without their end.
    end = stmt.end if context else element_end(stmt, start)
    type_node = node.get("typeName")
    names = strings(type_node.get("names")) if type_node else ()
    serial = bool(names) and names[-1] in SERIAL_TYPES
    not_null = serial
    has_default = serial
    default_sql: str | None = None
    generated_from: tuple[str, ...] | None = None
    filled_by = "serial" if serial else None
    default_calls: tuple[str, ...] = ()
    constraints: list[ir.ConstraintDef] = []
    raw = node.get("constraints")
    if raw:
        nodes = [c["Constraint"] for c in raw]
        starts = [stmt.loc(c) for c in nodes]
        # Each inline constraint runs up to the next clause of the column.
        bounds = [s for c, s in zip(nodes, starts, strict=True) if c.get("location", -1) >= 0]
        if "collClause" in node:
            bounds.append(stmt.loc(node["collClause"]))
        bounds.sort()
        for constraint, c_start in zip(nodes, starts, strict=True):
            contype = constraint.get("contype", "")
            if contype == "CONSTR_NOTNULL":
                not_null = True
            elif contype == "CONSTR_NULL":
                not_null = False
            elif contype == "CONSTR_DEFAULT":
                has_default = True
                # The catalog keeps the default's text: found exactly in context files too.
                bound = next((b for b in bounds if b > c_start), None)
                column_end = None if context else end
                limit = stmt.end if limit is None else limit
                default_sql = _default_sql(stmt, c_start, bound, column_end, limit)
                default_calls = _calls(constraint.get("raw_expr"))
            elif contype == "CONSTR_IDENTITY":
                has_default = not_null = True
                filled_by = "identity"
            elif contype == "CONSTR_GENERATED":
                has_default = True
                # The parser (PostgreSQL 18's) reads a GENERATED column without STORED as
                # VIRTUAL; earlier versions refuse it.
                filled_by = "stored" if constraint.get("generated_kind") == "s" else "virtual"
                generated_from = column_references(
                    (constraint.get("raw_expr"),), table.schema, table.name
                )
            elif contype in _KINDS:
                if contype == "CONSTR_PRIMARY":
                    not_null = True
                c_end = end if context else _clause_end(stmt, c_start, bounds, end)
                converted = _constraint(constraint, stmt, table, c_start, c_end, (name,))
                if converted is not None:
                    constraints.append(converted)
    span = piece.span(start, end)
    return ir.ColumnDef(
        name=name,
        type_name=sys.intern(type_text(type_node, names)) if type_node else "",
        not_null=not_null,
        has_default=has_default,
        span=span,
        # The replay never reads a column's name span: a context file's is the column's.
        name_span=span if context else piece.span(start, ident_end(piece.text, start)),
        default_sql=default_sql,
        constraints=tuple(constraints),
        generated_from=generated_from,
        filled_by=filled_by,
        default_calls=default_calls,
    )


def _calls(expression: object) -> tuple[str, ...]:
    """The functions ``expression`` calls, by unqualified lower-case name, first call first."""
    found: list[str] = []
    for key, call in walk(expression):
        if key == "FuncCall":
            names = strings(call.get("funcname"))
            if names:
                found.append(names[-1].lower())
    return tuple(dict.fromkeys(found))


def constraint_def(node: Node, stmt: Stmt, table: ir.TableRef) -> ir.ConstraintDef | None:
    """A table constraint of ``table`` (CREATE TABLE element or ALTER TABLE ... ADD)."""
    start = stmt.loc(node)
    end = stmt.end if stmt.context else element_end(stmt, start)
    contype = node.get("contype", "")
    if contype == "CONSTR_FOREIGN":
        columns = strings(node.get("fk_attrs"))
    elif contype == "CONSTR_EXCLUSION":
        columns = tuple(
            pair["List"]["items"][0].get("IndexElem", {}).get("name") or ""
            for pair in node.get("exclusions", ())
        )
    else:
        columns = strings(node.get("keys"))
    return _constraint(node, stmt, table, start, end, columns)


def _constraint(
    node: Node, stmt: Stmt, table: ir.TableRef, start: int, end: int, columns: tuple[str, ...]
) -> ir.ConstraintDef | None:
    kind = _KINDS.get(node.get("contype", ""))
    if kind is None:
        return None
    references = _foreign_key_ref(node, stmt) if kind == "foreign_key" else None
    return ir.ConstraintDef(
        kind=kind,
        name=node.get("conname"),
        columns=columns,
        span=stmt.piece.span(start, end),
        references=references,
        using_index=node.get("indexname"),
        not_valid=bool(node.get("skip_validation")),
        # A CHECK's columns are those its expression reads (PostgreSQL's conkey): they name
        # it and decide which DROP COLUMN takes it along.
        reads=column_references((node.get("raw_expr"),), table.schema, table.name)
        if kind == "check"
        else (),
        not_null_columns=_proved_not_null(node.get("raw_expr")) if kind == "check" else (),
    )


def _proved_not_null(expression: Node | None) -> tuple[str, ...]:
    """The columns a CHECK expression proves non-null: its top-level ``AND`` conjuncts of the
    form ``column IS NOT NULL`` (what PostgreSQL's implication test sees without effort)."""
    if not expression:
        return ()
    boolean = expression.get("BoolExpr")
    if boolean is not None and boolean.get("boolop") == "AND_EXPR":
        return tuple(
            name for argument in boolean.get("args", ()) for name in _proved_not_null(argument)
        )
    test = expression.get("NullTest")
    if test is None or test.get("nulltesttype") != "IS_NOT_NULL":
        return ()
    fields = test.get("arg", {}).get("ColumnRef", {}).get("fields", ())
    if len(fields) != 1 or "String" not in fields[0]:
        return ()
    return (fields[0]["String"]["sval"],)


def _foreign_key_ref(node: Node, stmt: Stmt) -> ir.ForeignKeyRef:
    pktable = node.get("pktable", {})
    return ir.ForeignKeyRef(
        table=table_ref(stmt, pktable),
        columns=strings(node.get("pk_attrs")),
        on_delete=_ACTIONS.get(node.get("fk_del_action", "a")),
        on_update=_ACTIONS.get(node.get("fk_upd_action", "a")),
        # The replay never reads this span: a context file's is the statement's.
        span=stmt.span if stmt.context else _references_span(pktable, stmt),
    )


def _references_span(pktable: Node, stmt: Stmt) -> Span:
    """``REFERENCES name (columns)``."""
    tokens = stmt.tokens
    name_start = stmt.loc(pktable)
    keyword = tokens.at(name_start) - 1
    start = (
        tokens.starts[keyword]
        if keyword >= 0 and tokens.names[keyword] == "REFERENCES"
        else name_start
    )
    end = name_end(stmt.piece.text, name_start)
    after = tokens.at(end)
    if after < len(tokens) and tokens.names[after] == "ASCII_40":
        end = tokens.ends[tokens.matching(after)]
    return stmt.piece.span(start, end)


def _clause_end(stmt: Stmt, start: int, bounds: list[int], default: int) -> int:
    for bound in bounds:
        if bound > start:
            return stmt.tokens.last_end_before(bound, default)
    return default


def _default_sql(
    stmt: Stmt, start: int, bound: int | None, column_end: int | None, limit: int
) -> str:
    """The expression of the ``DEFAULT expr`` at ``start``: from the token after the keyword
    to the next clause of the column (``bound``) or the column's end (``column_end``, found
    here when ``None``)."""
    # A context file scans from the keyword to where the default surely ends.
    tokens = stmt.tokens_in(start, limit if bound is None else bound) if stmt.context else None
    tokens = stmt.tokens if tokens is None else tokens
    if bound is not None:
        # The DEFAULT keyword starts before the bound: a last token before it always exists.
        end = tokens.last_end_before(bound, bound)
    elif column_end is not None:
        end = column_end
    else:
        end = element_end(stmt, start, tokens)
    first = tokens.at(start) + 1
    if first >= len(tokens) or tokens.starts[first] >= end:
        return ""
    return stmt.sql(tokens.starts[first], end)
