"""CREATE TABLE and column definitions (table constraints: ``constraints``)."""

from __future__ import annotations

import sys

from schemalint import ir
from schemalint.frontends.postgres import objects as pg_objects
from schemalint.frontends.postgres.columns import column_references
from schemalint.frontends.postgres.constraints import KINDS, constraint, constraint_def, element_end
from schemalint.frontends.postgres.nodes import (
    SERIAL_TYPES,
    Node,
    strings,
    table_ref,
    type_text,
    walk,
)
from schemalint.frontends.postgres.plain import BLANKS, Plain, comment_free
from schemalint.frontends.postgres.security import create_materialized_view
from schemalint.frontends.postgres.text import Stmt, ident_end
from schemalint.frozen import replace


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
    starts = [_start_of(element, stmt) for element in elements]
    stretches = _stretches(node, starts, stmt) if starts and not context else None
    for index, element in enumerate(elements):
        limit = starts[index + 1] if context and index < len(starts) - 1 else stmt.end
        stretch = stretches[index] if stretches else None
        if "ColumnDef" in element:
            columns.append(column_def(element["ColumnDef"], stmt, table, limit, stretch))
        elif "Constraint" in element:
            made = constraint_def(element["Constraint"], stmt, table, stretch)
            if made is not None:
                constraints.append(made)
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


# The keys of a CREATE TABLE whose text ends with the ``)`` closing its elements.
_CLOSED_BY_ELEMENTS = frozenset(
    {"relation", "tableElts", "oncommit", "if_not_exists", "ofTypename"}
)


def _stretches(node: Node, starts: list[int], stmt: Stmt) -> list[Plain | None]:
    """Each element's text as a comment-free stretch up to the end of its last token, where
    that text (and the separator after it) holds no comment: else ``None``, and the scanner
    finds the end. An element ends before the ``,`` in front of the next one's location, the
    last one before the statement's final ``)`` when nothing follows the elements.
    ``starts``: where each element starts (the statement's end when unknown)."""
    text = stmt.piece.text
    end = stmt.end
    closed = (
        node.keys() <= _CLOSED_BY_ELEMENTS
        and node.get("oncommit", "ONCOMMIT_NOOP") == "ONCOMMIT_NOOP"
        and text[end - 1] == ")"
    )
    # The element list closes at the last character, or ends nowhere known.
    stops = [*starts[1:], end - 1 if closed else end]
    # Usually no comment in the whole list: one look instead of one per element.
    clean = comment_free(text, min(starts), end)
    out: list[Plain | None] = []
    final = len(starts) - 1
    for index, (start, stop) in enumerate(zip(starts, stops, strict=True)):
        part = ""
        if start < stop < end and (clean or comment_free(text, start, stop)):
            part = text[start:stop].rstrip(BLANKS)
            if index < final:
                # Before the separator, or nowhere known.
                part = part[:-1].rstrip(BLANKS) if part.endswith(",") else ""
        out.append(Plain(text, start, start + len(part)) if part else None)
    return out


def column_def(
    node: Node,
    stmt: Stmt,
    table: ir.TableRef,
    limit: int | None = None,
    stretch: Plain | None = None,
) -> ir.ColumnDef:
    """A column definition; ``limit``: where the next element starts, if known (a context
    file scans only up to it, see ``Stmt.tokens_in``); ``stretch``: the column's text when it
    holds no comment (its parts are then found without the scanner, see ``plain``)."""
    piece = stmt.piece
    context = piece.context
    # Column names and types repeat across tables: one string each, shared by the catalog.
    name = sys.intern(node.get("colname", ""))
    # Only a target file's columns are pointed at; a context file's do without their end.
    if stretch is not None:
        start, end = stretch.start, stretch.end
    else:
        start = stmt.loc(node)
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
    nodes = [c["Constraint"] for c in node.get("constraints", ())]
    bounds: list[int] | None = None
    for constraint_node in nodes:
        contype = constraint_node.get("contype", "")
        if contype == "CONSTR_NOTNULL":
            not_null = True
            continue
        if contype == "CONSTR_NULL":
            not_null = False
            continue
        # Each inline constraint runs up to the next clause of the column (made when
        # needed: most columns have no constraint but NOT NULL).
        bounds = _bounds(node, nodes, stmt) if bounds is None else bounds
        c_start = stmt.loc(constraint_node)
        if contype == "CONSTR_DEFAULT":
            has_default = True
            # The catalog keeps the default's text: found exactly in context files too.
            bound = next((b for b in bounds if b > c_start), None)
            column_end = None if context else end
            limit = stmt.end if limit is None else limit
            # ``CONSTRAINT name DEFAULT expr`` starts at CONSTRAINT: the scanner skips the name.
            named = "conname" in constraint_node
            plain = None if named else stretch
            default_sql = _default_sql(stmt, c_start, bound, column_end, limit, plain, named)
            default_calls = _calls(constraint_node.get("raw_expr"))
        elif contype == "CONSTR_IDENTITY":
            has_default = not_null = True
            filled_by = "identity"
        elif contype == "CONSTR_GENERATED":
            has_default = True
            # The parser (PostgreSQL 18's) reads a GENERATED column without STORED as
            # VIRTUAL; earlier versions refuse it.
            filled_by = "stored" if constraint_node.get("generated_kind") == "s" else "virtual"
            generated_from = column_references(
                (constraint_node.get("raw_expr"),), table.schema, table.name
            )
        elif contype in KINDS:
            if contype == "CONSTR_PRIMARY":
                not_null = True
            c_end = end if context else _clause_end(stmt, c_start, bounds, end, stretch)
            converted = constraint(constraint_node, stmt, table, c_start, c_end, (name,), stretch)
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


def _bounds(column: Node, constraints: list[Node], stmt: Stmt) -> list[int]:
    """Where the clauses of a column start: its located constraints and its COLLATE."""
    bounds = [stmt.loc(c) for c in constraints if c.get("location", -1) >= 0]
    if "collClause" in column:
        bounds.append(stmt.loc(column["collClause"]))
    bounds.sort()
    return bounds


# The keys of a call without arguments (``now()``).
_BARE_CALL = frozenset({"funcname", "funcformat", "location"})


def _calls(expression: Node | None) -> tuple[str, ...]:
    """The functions ``expression`` calls, by unqualified lower-case name, first call first.

    Most defaults are a literal, a cast literal or a call without arguments: read directly.
    """
    if not expression:
        return ()
    if len(expression) == 1:
        kind, inner = next(iter(expression.items()))
        cast = inner if kind == "TypeCast" else {}
        if kind == "A_Const" or (
            "A_Const" in cast.get("arg", {}) and not cast.get("typeName", {}).get("typmods")
        ):
            return ()
        if kind == "FuncCall" and inner.keys() <= _BARE_CALL:
            names = strings(inner.get("funcname"))
            return (names[-1].lower(),) if names else ()
    found: list[str] = []
    for key, call in walk(expression):
        if key == "FuncCall":
            names = strings(call.get("funcname"))
            if names:
                found.append(names[-1].lower())
    return tuple(dict.fromkeys(found))


def _clause_end(
    stmt: Stmt, start: int, bounds: list[int], default: int, stretch: Plain | None
) -> int:
    for bound in bounds:
        if bound > start:
            if stretch is not None:
                return stretch.end_before(bound)
            return stmt.tokens.last_end_before(bound, default)
    return default


def _default_sql(
    stmt: Stmt,
    start: int,
    bound: int | None,
    column_end: int | None,
    limit: int,
    stretch: Plain | None,
    named: bool = False,
) -> str:
    """The expression of the ``DEFAULT expr`` at ``start``: from the token after the keyword
    to the next clause of the column (``bound``) or the column's end (``column_end``, found
    here when ``None``). ``stretch``: the column's text when it holds no comment. ``named``:
    the clause is ``CONSTRAINT name DEFAULT expr`` (``start`` at CONSTRAINT; no stretch)."""
    keyword_end = ident_end(stmt.piece.text, start) if stretch is not None else start
    if stretch is not None and column_end is not None and keyword_end > start:
        end = column_end if bound is None else stretch.end_before(bound)
        first = stretch.start_after(keyword_end)
        return stretch.text[first:end] if first < end else ""
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
    first = tokens.at(start) + (3 if named else 1)
    if first >= len(tokens) or tokens.starts[first] >= end:
        return ""
    return stmt.sql(tokens.starts[first], end)
