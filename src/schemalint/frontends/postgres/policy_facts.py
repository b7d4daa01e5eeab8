"""What a policy clause says, read from its parse tree (libpg_query JSON): ``ir.ClauseFacts``.

The rules about policies (SL601-SL604) judge these facts rather than the expression's text,
so that ``(select auth.uid())`` next to a bare ``auth.uid()`` is told apart, and a comment or
a string that merely contains ``auth.uid()`` is not a call.

A call is *hoisted* when it belongs to a scalar sub-select without FROM (``(select
auth.uid())``): PostgreSQL runs such a sub-select once per statement, as an init plan. Any
other call of a stable function in a policy runs once per row the policy filters, including
calls inside an ``EXISTS``/``IN`` sub-select, which run per row of that sub-select's scan.

The facts are read in one walk of the clause, with positions relative to the clause's start:
a project repeats the same clause on many tables (the membership test of every tenant table),
and a clause text seen before gets its facts placed at its own position without a walk
(``_Seen``).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, NamedTuple

from schemalint import ir
from schemalint.frontends.postgres.nodes import Node, strings
from schemalint.frontends.postgres.policy_text import PolicyText
from schemalint.frontends.postgres.policy_tree import (
    always_true,
    auth_names,
    compared,
    conjuncts,
    disjuncts,
    is_identity,
    is_raw_metadata,
    metadata_key,
    reads_columns,
    unwrapped_call,
)
from schemalint.frontends.postgres.text import Piece, name_end

# A mention as (text, start, end), the offsets relative to the clause's start; the text is
# kept with the facts, so that every clause placed from them shares it.
_Located = tuple[str, int, int]


class _Facts(NamedTuple):
    """``ir.ClauseFacts`` with positions relative to the clause's start (span aside)."""

    per_row_calls: tuple[_Located, ...]
    always_true: bool
    null_auth: _Located | None
    identity_columns: tuple[_Located, ...]
    user_metadata: tuple[_Located, ...]
    calls: tuple[_Located, ...]
    compared: tuple[tuple[str, str, str], ...]


def clause_facts(expression: Node, policy: PolicyText, start: int, end: int) -> ir.ClauseFacts:
    """The facts of the clause ``expression`` written at ``text[start:end]`` of the
    policy statement's piece (located in ``policy`` only for a clause text not seen
    before)."""
    piece = policy.stmt.piece
    text = piece.text[start:end]
    facts = _SEEN.get(text)
    if facts is None:
        where = _Locator(policy, start, end)
        facts = _read(expression, where)
        if where.inside:
            _SEEN.keep(text, facts)
    return _placed(facts, piece, start, end)


def _placed(facts: _Facts, piece: Piece, start: int, end: int) -> ir.ClauseFacts:
    """``facts`` as the clause at ``start`` of ``piece`` has them."""
    null_auth = facts.null_auth
    return ir.ClauseFacts(
        piece.span(start, end),
        _mentions(facts.per_row_calls, piece, start),
        facts.always_true,
        _mentions((null_auth,), piece, start)[0] if null_auth is not None else None,
        _mentions(facts.identity_columns, piece, start),
        _mentions(facts.user_metadata, piece, start),
        _mentions(facts.calls, piece, start),
        facts.compared,
    )


def _mentions(located: tuple[_Located, ...], piece: Piece, start: int) -> tuple[ir.Mention, ...]:
    if not located:
        return ()
    span = piece.span
    return tuple([ir.Mention(text, span(start + s, start + e)) for text, s, e in located])


class _Seen:
    """The facts of the clause texts used last, by text: at most ``_SEEN_CLAUSES`` clauses of
    at most ``_SEEN_LENGTH`` characters and ``_SEEN_MENTIONS`` mentions (~2 MB at worst, a
    few hundred kB in practice), the least recently used forgotten first.

    The facts are a function of the clause's text alone (the parse tree of an expression and
    its tokens depend on nothing around it; offsets are relative), so reusing them changes
    nothing but the time taken, and holding them keeps no parse tree or file text alive.
    Only facts located inside the clause are kept (``_Locator.inside``).
    """

    def __init__(self) -> None:
        self._facts: dict[str, _Facts] = {}

    def get(self, text: str) -> _Facts | None:
        seen = self._facts
        facts = seen.pop(text, None)
        if facts is not None:
            seen[text] = facts  # the most recently used last
        return facts

    def keep(self, text: str, facts: _Facts) -> None:
        mentions = (
            len(facts.per_row_calls)
            + len(facts.identity_columns)
            + len(facts.user_metadata)
            + len(facts.calls)
            + len(facts.compared)
        )
        if len(text) > _SEEN_LENGTH or mentions > _SEEN_MENTIONS:
            return
        seen = self._facts
        if len(seen) >= _SEEN_CLAUSES:
            del seen[next(iter(seen))]
        seen[text] = facts


_SEEN_CLAUSES = 256
_SEEN_LENGTH = 1_000
_SEEN_MENTIONS = 32
# A memo of a pure function of the clause text, as ``rules._naming.fold``'s cache.
_SEEN = _Seen()


class _Locator:
    """Mentions of the nodes of one clause, located in the policy statement's text (plainly
    or with its tokens: ``PolicyText``), relative to the clause at ``text[start:end]``.
    ``inside``: every mention so far lies in the clause."""

    def __init__(self, policy: PolicyText, start: int, end: int) -> None:
        self.policy = policy
        self.stmt = policy.stmt
        self.start = start
        self.end = end
        self.inside = True

    def _located(self, start: int, end: int, text: str | None = None) -> _Located:
        origin = self.start
        if start < origin or end > self.end:
            self.inside = False
        if text is None:
            text = self.stmt.piece.text[start:end]
        return text, start - origin, end - origin

    def call(self, node: Node, text: str | None = None) -> _Located:
        """From the function's name to its closing parenthesis; ``text`` instead of the
        call's."""
        start = self.stmt.loc(node)
        end = self.policy.call_end(start)
        if end is None:
            end = name_end(self.stmt.piece.text, start)
        return self._located(start, end, text)

    def token(self, node: Node) -> _Located:
        """The one token a node starts with (a literal, a bracket)."""
        start = self.stmt.loc(node)
        return self._located(start, self.policy.token_end(start))

    def name(self, node: Node, text: str | None = None) -> _Located:
        """A possibly qualified name (a column reference); ``text`` instead of the name's."""
        start = self.stmt.loc(node)
        return self._located(start, name_end(self.stmt.piece.text, start), text)

    def null_test(self, test: Node, argument: Node) -> _Located:
        """``<argument> IS NULL`` (or ``ISNULL``), from the argument's first token."""
        end = self.policy.null_test_end(self.stmt.loc(test))
        return self._located(self.stmt.loc(argument), end)


def _read(expression: Node, where: _Locator) -> _Facts:
    per_row, metadata, calls = _walked(expression, where)
    return _Facts(
        per_row_calls=per_row,
        always_true=always_true(expression),
        null_auth=_null_auth(expression, where),
        identity_columns=tuple(_identity_columns(expression, where)),
        user_metadata=metadata,
        calls=calls,
        compared=tuple(compared(expression)),
    )


class _State:
    """A marker on the walk's stack: the nodes popped after it are in this state."""

    __slots__ = ("counted", "muted")

    def __init__(self, *, counted: bool, muted: bool = False) -> None:
        self.counted = counted
        self.muted = muted


# Per row: an auth call here runs once per row. Hoisted: inside a scalar sub-select without
# FROM (a sub-select in there is per row again). Muted: inside an auth call's arguments,
# which are part of that call, whatever they hold.
_PER_ROW = _State(counted=True)
_HOISTED = _State(counted=False)
_MUTED = _State(counted=False, muted=True)
# The node kinds the walk reads; literals (``String``, ``A_Const``) hold nothing to read.
_CALL, _SUBLINK, _OPERATOR, _COLUMN, _LITERAL = range(5)
_KINDS = MappingProxyType(
    {
        "FuncCall": _CALL,
        "SubLink": _SUBLINK,
        "A_Expr": _OPERATOR,
        "ColumnRef": _COLUMN,
        "String": _LITERAL,
        "A_Const": _LITERAL,
    }
)
# Lists of names (``String`` nodes), not walked.
_NAMES = frozenset({"funcname", "name", "names", "operName"})


def _walked(
    expression: Node, where: _Locator
) -> tuple[tuple[_Located, ...], tuple[_Located, ...], tuple[_Located, ...]]:
    """The clause's per-row auth calls, metadata reads and other calls, each first-first.

    One walk, depth first in source order (a node's values pushed last first); the per-row
    state changes at sub-selects and auth calls through ``_State`` markers pushed under the
    nodes they govern.
    """
    per_row: list[_Located] = []
    metadata: list[_Located] = []
    calls: list[_Located] = []
    state = _PER_ROW
    stack: list[Any] = [expression]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is list:
            extend(reversed(item))
        elif kind is _State:
            state = item
        elif kind is dict:
            for key, value in reversed(item.items()):
                kind = type(value)
                if kind is list:
                    if key not in _NAMES:
                        push(value)
                    continue
                if kind is not dict:
                    continue
                read = _KINDS.get(key)
                if read is None:
                    push(value)
                elif read == _CALL:
                    names = strings(value.get("funcname"))
                    if auth_names(names) is None:
                        if names and names[0] != "pg_catalog":
                            calls.append(where.call(value, ".".join(names)))
                        push(value)
                    else:
                        if state.counted and not reads_columns(value.get("args", ())):
                            per_row.append(where.call(value))
                        extend((state, value, _MUTED))
                elif read == _SUBLINK:
                    select = value.get("subselect")
                    if select is not None:
                        scalar = value.get(
                            "subLinkType"
                        ) == "EXPR_SUBLINK" and "fromClause" not in select.get("SelectStmt", {})
                        inner = _MUTED if state.muted else _HOISTED if scalar else _PER_ROW
                        extend((state, select, inner))
                    testexpr = value.get("testexpr")
                    if testexpr is not None:
                        push(testexpr)
                elif read == _OPERATOR:
                    found = metadata_key(value)
                    if found is not None:
                        metadata.append(where.token(found))
                    push(value)
                elif read == _COLUMN and is_raw_metadata(value):
                    metadata.append(where.name(value))
    return _sorted(per_row), _sorted(metadata), _sorted(calls)


def _sorted(found: list[_Located]) -> tuple[_Located, ...]:
    if len(found) > 1:
        found.sort(key=lambda located: located[1])
    return tuple(found)


def _null_auth(expression: Node, where: _Locator) -> _Located | None:
    if "BoolExpr" not in expression:
        return None
    for disjunct in disjuncts(expression):
        test = disjunct.get("NullTest")
        if test is None or test.get("nulltesttype") != "IS_NULL" or disjunct is expression:
            continue
        argument = test.get("arg", {})
        call = unwrapped_call(argument)
        if call is None:
            continue
        first = argument.get("SubLink") or call["FuncCall"]
        return where.null_test(test, first)
    return None


def _own_column(node: Node, where: _Locator) -> _Located | None:
    """The policy table's column ``node`` reads (through a cast), outside sub-selects."""
    while "TypeCast" in node:
        node = node["TypeCast"].get("arg", {})
    ref = node.get("ColumnRef")
    if ref is None:
        return None
    names = strings(ref.get("fields"))
    if not names or len(names) != len(ref.get("fields", ())):
        return None
    return where.name(ref, names[-1])


def _identity_columns(expression: Node, where: _Locator) -> list[_Located]:
    found: list[_Located] = []
    for node in conjuncts(expression):
        pairs: list[tuple[Node, Node]] = []
        if "A_Expr" in node:
            expr = node["A_Expr"]
            if strings(expr.get("name")) != ("=",):
                continue
            left, right = expr.get("lexpr", {}), expr.get("rexpr", {})
            if expr.get("kind") == "AEXPR_OP":
                pairs = [(left, right), (right, left)]
            elif expr.get("kind") == "AEXPR_OP_ANY":
                pairs = [(left, right)]
        elif "SubLink" in node:
            # ``column IN (SELECT ...)`` / ``= ANY (SELECT ...)``: a set the sub-select computes.
            link = node["SubLink"]
            operator = strings(link.get("operName"))
            if link.get("subLinkType") == "ANY_SUBLINK" and operator in ((), ("=",)):
                column = _own_column(link.get("testexpr", {}), where)
                if column is not None:
                    found.append(column)
            continue
        for column_side, other in pairs:
            column = _own_column(column_side, where)
            if column is not None and is_identity(other):
                found.append(column)
                break
    return found
