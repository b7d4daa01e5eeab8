"""The columns of one table that an expression reads (index keys, WHERE, policies, GENERATED).

PostgreSQL records a dependency on every column an expression reads; DROP COLUMN follows
those dependencies. From the parse tree alone (no catalog), a ``ColumnRef`` surely reads the
table's column when it is:

- an unqualified name outside any sub-select, or inside sub-selects without FROM
  (``(SELECT is_member(workspace_id))``): the table is the only relation in scope;
- a qualified name ``t.col`` or ``schema.t.col`` whose ``t`` is, in the innermost scope that
  names ``t``, the table itself: at the top level, or a relation of a sub-select's FROM
  (``FROM challenges c2 ... c2.col``).

An unqualified name inside sub-selects with FROM relations belongs to the innermost one that
has such a column (``EXISTS (SELECT 1 FROM projects p WHERE p.id = project_id)`` reads the
table's ``project_id`` only if projects has none): it becomes an ``ir.ColumnRead`` for the
replay to settle with the catalog. Inside a FROM item that is not a plain relation (a
sub-select, a function, a CTE), it is left out. Columns of *other* tables are not recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from schemalint import ir
from schemalint.frontends.postgres.nodes import Node

Relation = tuple[str | None, str]
# A name in scope -> the relation it designates, or None for a sub-select, function or CTE.
_Scope = dict[str, Relation | None]
_OTHER_FROM_ITEMS = ("RangeSubselect", "RangeFunction", "RangeTableFunc", "RangeTableSample")


@dataclass
class _Found:
    sure: dict[str, None] = field(default_factory=dict)
    maybe: dict[ir.ColumnRead, None] = field(default_factory=dict)


def column_references(
    expressions: Iterable[Node | None], schema: str | None, table: str
) -> tuple[str, ...]:
    """The columns of ``schema.table`` that ``expressions`` surely read, first mention first."""
    return column_reads(expressions, schema, table)[0]


def column_reads(
    expressions: Iterable[Node | None], schema: str | None, table: str
) -> tuple[tuple[str, ...], tuple[ir.ColumnRead, ...]]:
    """The columns surely read, and the names read in sub-selects that may be columns."""
    found: _Found | None = None
    target: Relation = (schema, table)
    for expression in expressions:
        if expression:
            found = _Found() if found is None else found
            _walk(expression, [{table: target}], target, found)
    # Most calls have no expression at all (an index without WHERE): nothing to build.
    return ((), ()) if found is None else (tuple(found.sure), tuple(found.maybe))


def _walk(node: Node, scopes: list[_Scope], target: Relation, found: _Found) -> None:
    # An explicit stack instead of recursion: a deeply nested expression must not overflow.
    # Items are pushed bare (no per-item scope tuple): entering a sub-select pushes a _Leave
    # holding the scopes to restore, popped once everything pushed after it is done.
    stack: list[object] = [node]
    pop, push, extend = stack.pop, stack.append, stack.extend
    current = scopes
    while stack:
        item = pop()
        if type(item) is dict:
            if "ColumnRef" in item:
                _read_column(item["ColumnRef"], current, target, found)
            elif "SelectStmt" in item:
                push(_Leave(current))
                select = item["SelectStmt"]
                current = [*current, _select_scope(select)]
                push(select)
            elif "String" not in item and "A_Const" not in item:
                # Names and literals (most nodes of an expression) hold no column reference.
                for child in reversed(item.values()):
                    if type(child) is dict or type(child) is list:
                        push(child)
        elif type(item) is list:
            extend(reversed(item))
        elif type(item) is _Leave:
            current = item.scopes


class _Leave:
    """Stack marker: the walk leaves a sub-select and goes back to ``scopes``."""

    __slots__ = ("scopes",)

    def __init__(self, scopes: list[_Scope]) -> None:
        self.scopes = scopes


def _is_target(relation: Relation | None, target: Relation) -> bool:
    if relation is None or relation[1] != target[1]:
        return False
    return relation[0] is None or target[0] is None or relation[0] == target[0]


def _read_column(ref: Node, scopes: list[_Scope], target: Relation, found: _Found) -> None:
    names = []
    for item in ref.get("fields", ()):
        if "String" not in item:
            return  # t.* or a subscript: a whole row, not a column
        names.append(item["String"]["sval"])
    if len(names) == 1:
        _read_unqualified(names[0], scopes, found)
        return
    if len(names) == 2:
        schema, (qualifier, column) = None, names
    elif len(names) == 3:
        schema, qualifier, column = names
    else:
        return
    for scope in reversed(scopes):
        if qualifier in scope:
            relation = scope[qualifier]
            # schema.t.col names a relation itself (t is no alias), t.col any name in scope.
            named = schema is None or _is_target((schema, qualifier), target)
            if named and _is_target(relation, target):
                found.sure.setdefault(column, None)
            elif named and relation is not None and len(scopes) > 1:
                # Another relation's column, read in a sub-select: it depends on it too.
                found.maybe.setdefault(ir.ColumnRead(column, (relation,)), None)
            return


def _read_unqualified(column: str, scopes: list[_Scope], found: _Found) -> None:
    inner: list[Relation] = []
    for scope in reversed(scopes[1:]):
        for relation in scope.values():
            if relation is None:
                return  # its columns cannot be known: leave the name out
            inner.append(relation)
    if inner:
        found.maybe.setdefault(ir.ColumnRead(column, tuple(inner)), None)
    else:
        found.sure.setdefault(column, None)


def _select_scope(select: Node) -> _Scope:
    """The names a sub-select's FROM (and WITH) brings into scope."""
    scope: _Scope = {}
    for cte in select.get("withClause", {}).get("ctes", ()):
        name = cte.get("CommonTableExpr", {}).get("ctename")
        if name:
            scope[name] = None
    pending: list[Node] = list(select.get("fromClause", ()))
    while pending:
        item = pending.pop(0)
        if "JoinExpr" in item:
            join = item["JoinExpr"]
            pending.extend(join[side] for side in ("larg", "rarg") if side in join)
            alias = join.get("alias", {}).get("aliasname")
            if alias:
                scope[alias] = None
        elif "RangeVar" in item:
            relation = item["RangeVar"]
            name = relation.get("relname", "")
            visible = relation.get("alias", {}).get("aliasname") or name
            # A FROM name that is a WITH query of this sub-select is that query, not a table.
            if scope.get(visible, ()) is not None:
                scope[visible] = (relation.get("schemaname"), name)
        else:
            for kind in _OTHER_FROM_ITEMS:
                if kind in item:
                    alias = item[kind].get("alias", {}).get("aliasname")
                    scope[alias or f"\0{kind}"] = None
    return scope


def query_column_reads(query: Node | None) -> tuple[ir.ColumnRead, ...]:
    """The names a view's query reads as columns, for the replay to bind to tables' columns.

    Each ``ColumnRef`` becomes an ``ir.ColumnRead`` whose ``inner`` lists the relations it
    may belong to, innermost scope first: for ``t.col`` the relation ``t`` designates, for
    ``col`` those of its ``SELECT``'s FROM and then the enclosing ones. A ``*`` in a select
    list (``SELECT *``, ``SELECT t.*``) reads every column the relation has now: it becomes
    one read of the column ``*`` per relation. Names of sub-selects, functions and CTEs in
    FROM are no tables: the scopes outside one are not searched (the name may be its
    column); whole-row references and ``JOIN ... USING`` columns are left out.
    """
    found: dict[ir.ColumnRead, None] = {}
    stack: list[object] = [query] if query else []
    current: list[_Scope] = []
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        if type(item) is _Leave:
            current = item.scopes
        elif type(item) is list:
            stack.extend(reversed(item))
        elif type(item) is dict:
            if "SelectStmt" in item:
                push(_Leave(current))
                select = item["SelectStmt"]
                current = [*current, _select_scope(select)]
                push(select)
            elif "ResTarget" in item and "ColumnRef" in item["ResTarget"].get("val", {}):
                _star_or_column(item["ResTarget"]["val"]["ColumnRef"], current, found)
            elif "ColumnRef" in item:
                _view_column(item["ColumnRef"], current, found)
            elif "String" not in item and "A_Const" not in item:
                for child in reversed(item.values()):
                    if type(child) is dict or type(child) is list:
                        push(child)
    return tuple(found)


def _star_or_column(ref: Node, scopes: list[_Scope], found: dict[ir.ColumnRead, None]) -> None:
    fields = ref.get("fields", ())
    if not fields or "A_Star" not in fields[-1]:
        _view_column(ref, scopes, found)
        return
    names = [item.get("String", {}).get("sval") for item in fields[:-1]]
    if not scopes or None in names:
        return
    # ``*`` is every relation of the innermost FROM; ``t.*`` the one ``t`` designates.
    relations = [_designated(str(names[-1]), scopes)] if names else list(scopes[-1].values())
    for relation in relations:
        if relation is not None:
            found.setdefault(ir.ColumnRead("*", (relation,)), None)


def _designated(qualifier: str, scopes: list[_Scope]) -> Relation | None:
    for scope in reversed(scopes):
        if qualifier in scope:
            return scope[qualifier]
    return None


def _view_column(ref: Node, scopes: list[_Scope], found: dict[ir.ColumnRead, None]) -> None:
    names = []
    for item in ref.get("fields", ()):
        if "String" not in item:
            return  # t.* outside a select list, a subscript: a whole row
        names.append(item["String"]["sval"])
    if len(names) == 1:
        inner: list[Relation] = []
        for scope in reversed(scopes):
            inner.extend(r for r in scope.values() if r is not None)
            if None in scope.values():
                break  # a sub-select or CTE here may have it: no further scope can
        if inner:
            found.setdefault(ir.ColumnRead(names[0], tuple(inner)), None)
    elif len(names) in (2, 3):
        relation = _designated(names[-2], scopes)
        if relation is not None:
            found.setdefault(ir.ColumnRead(names[-1], (relation,)), None)
