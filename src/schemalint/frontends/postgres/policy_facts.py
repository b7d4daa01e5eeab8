"""What a policy clause says, read from its parse tree (libpg_query JSON): ``ir.ClauseFacts``.

The rules about policies (SL601-SL604) judge these facts rather than the expression's text,
so that ``(select auth.uid())`` next to a bare ``auth.uid()`` is told apart, and a comment or
a string that merely contains ``auth.uid()`` is not a call.

A call is *hoisted* when it belongs to a scalar sub-select without FROM (``(select
auth.uid())``): PostgreSQL runs such a sub-select once per statement, as an init plan. Any
other call of a stable function in a policy runs once per row the policy filters, including
calls inside an ``EXISTS``/``IN`` sub-select, which run per row of that sub-select's scan.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from schemalint import ir
from schemalint.frontends.postgres.nodes import Node, strings, walk
from schemalint.frontends.postgres.text import Stmt, Tokens, name_end
from schemalint.source import Span

AUTH_FUNCTIONS = frozenset({"uid", "jwt", "role", "email"})
_JSON_OPERATORS = frozenset({"->", "->>", "#>", "#>>"})
_USER_FUNCTIONS = frozenset({"SVFOP_CURRENT_USER", "SVFOP_SESSION_USER", "SVFOP_CURRENT_ROLE"})
_TRUE_TEXTS = frozenset({"t", "true", "y", "yes", "on", "1"})
_OPEN_PAREN = "ASCII_40"


class _Locator:
    """Mentions of the nodes of one clause, located with the statement's tokens."""

    def __init__(self, stmt: Stmt, tokens: Tokens) -> None:
        self.stmt = stmt
        self.tokens = tokens

    def _mention(self, start: int, end: int) -> ir.Mention:
        piece = self.stmt.piece
        return ir.Mention(piece.text[start:end], piece.span(start, end))

    def call(self, node: Node) -> ir.Mention:
        """From the function's name to its closing parenthesis."""
        tokens = self.tokens
        start = self.stmt.loc(node)
        opening = tokens.at(start)
        while opening < len(tokens) and tokens.names[opening] != _OPEN_PAREN:
            opening += 1
        if opening >= len(tokens):
            return self._mention(start, name_end(self.stmt.piece.text, start))
        return self._mention(start, tokens.ends[tokens.matching(opening)])

    def token(self, node: Node) -> ir.Mention:
        """The one token a node starts with (a literal, a bracket)."""
        tokens = self.tokens
        start = self.stmt.loc(node)
        index = tokens.at(start)
        return self._mention(start, tokens.ends[index] if index < len(tokens) else start)

    def name(self, node: Node) -> ir.Mention:
        """A possibly qualified name (a column reference)."""
        start = self.stmt.loc(node)
        return self._mention(start, name_end(self.stmt.piece.text, start))

    def null_test(self, test: Node, argument: Node) -> ir.Mention:
        """``<argument> IS NULL`` (or ``ISNULL``), from the argument's first token."""
        tokens = self.tokens
        index = tokens.at(self.stmt.loc(test))
        if index + 1 < len(tokens) and tokens.names[index] == "IS":
            index += 1
        end = tokens.ends[index] if index < len(tokens) else self.stmt.end
        return self._mention(self.stmt.loc(argument), end)


def clause_facts(expression: Node, stmt: Stmt, tokens: Tokens, span: Span) -> ir.ClauseFacts:
    """The facts of the clause ``expression`` whose text is at ``span``; ``tokens`` cover
    the statement from the policy's table name on."""
    where = _Locator(stmt, tokens)
    # One walk of the clause serves both the metadata reads and the calls.
    nodes = [(kind, node) for kind, node in walk(expression) if kind in _WALKED_KINDS]
    return ir.ClauseFacts(
        span=span,
        per_row_calls=tuple(_per_row_calls(expression, where)),
        always_true=_always_true(expression),
        null_auth=_null_auth(expression, where),
        identity_columns=tuple(_identity_columns(expression, where)),
        user_metadata=tuple(_user_metadata(nodes, where)),
        calls=tuple(_calls(nodes, where)),
        compared=tuple(_compared(expression)),
    )


# The nodes ``_metadata_in`` and ``_calls`` look at.
_WALKED_KINDS = frozenset({"A_Expr", "ColumnRef", "FuncCall"})


def _children(node: object) -> Iterable[object]:
    # A view or the list itself, not a generator: called for every node of every clause.
    if isinstance(node, dict):
        return node.values()
    if isinstance(node, list):
        return node
    return ()


def auth_call(node: Node) -> str | None:
    """``auth.uid()`` ... or ``current_setting(...)`` when ``node`` is such a ``FuncCall``."""
    call = node.get("FuncCall")
    if call is None:
        return None
    names = strings(call.get("funcname"))
    if len(names) == 2 and names[0] == "auth" and names[1] in AUTH_FUNCTIONS:
        return f"auth.{names[1]}()"
    if names in (("current_setting",), ("pg_catalog", "current_setting")):
        return "current_setting(...)"
    return None


def _reads_columns(node: object) -> bool:
    """Whether ``node`` reads a column outside any sub-select of its own."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "ColumnRef" in item:
                return True
            if "SubLink" in item:
                testexpr = item["SubLink"].get("testexpr")
                if testexpr is not None:
                    stack.append(testexpr)
                continue
        stack.extend(_children(item))
    return False


def _per_row_calls(expression: Node, where: _Locator) -> Iterator[ir.Mention]:
    # (node, hoisted): hoisted inside a scalar sub-select without FROM.
    stack: list[tuple[object, bool]] = [(expression, False)]
    found: list[ir.Mention] = []
    while stack:
        item, hoisted = stack.pop()
        if isinstance(item, dict):
            if "SubLink" in item:
                link = item["SubLink"]
                select = link.get("subselect", {}).get("SelectStmt", {})
                scalar = link.get("subLinkType") == "EXPR_SUBLINK" and "fromClause" not in select
                stack.append((link.get("subselect"), scalar))
                if "testexpr" in link:
                    stack.append((link["testexpr"], hoisted))
                continue
            name = auth_call(item)
            if name is not None and not hoisted:
                args = item["FuncCall"].get("args", ())
                if not _reads_columns(args):
                    found.append(where.call(item["FuncCall"]))
                continue
        stack.extend((child, hoisted) for child in _children(item))
    found.sort(key=lambda mention: mention.span.start)
    yield from found


def _constant(node: Node) -> object:
    const = node.get("A_Const")
    if const is None:
        return None
    for key in ("ival", "sval", "fval", "boolval"):
        if key in const:
            return (key, next(iter(const[key].values()), None))
    return ("ival", 0) if not const or const.keys() == {"location"} else None


def _always_true(node: Node) -> bool:
    if "A_Const" in node:
        return node["A_Const"].get("boolval", {}).get("boolval") is True
    if "TypeCast" in node:
        cast = node["TypeCast"]
        names = strings(cast.get("typeName", {}).get("names"))
        value = _constant(cast.get("arg", {}))
        return names[-1:] in (("bool",), ("boolean",)) and (
            value == ("boolval", True)
            or (isinstance(value, tuple) and str(value[1]).lower() in _TRUE_TEXTS)
        )
    if "BoolExpr" in node:
        expr = node["BoolExpr"]
        args = expr.get("args", ())
        if expr.get("boolop") == "AND_EXPR":
            return all(_always_true(a) for a in args)
        if expr.get("boolop") == "OR_EXPR":
            return any(_always_true(a) for a in args)
        return False
    if "A_Expr" in node:
        expr = node["A_Expr"]
        if expr.get("kind") != "AEXPR_OP" or strings(expr.get("name")) != ("=",):
            return False
        left, right = _constant(expr.get("lexpr", {})), _constant(expr.get("rexpr", {}))
        return left is not None and left == right
    return False


def _disjuncts(node: Node) -> Iterator[Node]:
    expr = node.get("BoolExpr")
    if expr is not None and expr.get("boolop") == "OR_EXPR":
        for arg in expr.get("args", ()):
            yield from _disjuncts(arg)
    else:
        yield node


def _unwrapped_call(node: Node) -> Node | None:
    """The auth call ``node`` is, directly or as ``(select auth.uid())``."""
    if auth_call(node) is not None:
        return node
    link = node.get("SubLink")
    if link is None or link.get("subLinkType") != "EXPR_SUBLINK":
        return None
    targets = link.get("subselect", {}).get("SelectStmt", {}).get("targetList", ())
    if len(targets) != 1:
        return None
    value = targets[0].get("ResTarget", {}).get("val", {})
    return value if auth_call(value) is not None else None


def _null_auth(expression: Node, where: _Locator) -> ir.Mention | None:
    if "BoolExpr" not in expression:
        return None
    for disjunct in _disjuncts(expression):
        test = disjunct.get("NullTest")
        if test is None or test.get("nulltesttype") != "IS_NULL" or disjunct is expression:
            continue
        argument = test.get("arg", {})
        call = _unwrapped_call(argument)
        if call is None:
            continue
        first = argument.get("SubLink") or call["FuncCall"]
        return where.null_test(test, first)
    return None


def _conjuncts(node: Node) -> Iterator[Node]:
    """The comparisons at the top of a boolean expression (through AND, OR and NOT)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if "BoolExpr" in item:
            stack.extend(reversed(item["BoolExpr"].get("args", ())))
        else:
            yield item


def _own_column(node: Node, where: _Locator) -> ir.Mention | None:
    """The policy table's column ``node`` reads (through a cast), outside sub-selects."""
    while "TypeCast" in node:
        node = node["TypeCast"].get("arg", {})
    ref = node.get("ColumnRef")
    if ref is None:
        return None
    names = strings(ref.get("fields"))
    if not names or len(names) != len(ref.get("fields", ())):
        return None
    return ir.Mention(names[-1], where.name(ref).span)


def _is_identity(node: Node) -> bool:
    """Whether ``node`` reads no row column and asks a function or a sub-select."""
    if _reads_columns(node):
        return False
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "FuncCall" in item or "SubLink" in item:
                return True
            value = item.get("SQLValueFunction")
            if value is not None and value.get("op") in _USER_FUNCTIONS:
                return True
        stack.extend(_children(item))
    return False


def _identity_columns(expression: Node, where: _Locator) -> Iterator[ir.Mention]:
    for node in _conjuncts(expression):
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
                    yield column
            continue
        for column_side, other in pairs:
            column = _own_column(column_side, where)
            if column is not None and _is_identity(other):
                yield column
                break


def _claims_root(node: Node) -> bool:
    """Whether a JSON operator chain starts at ``auth.jwt()`` or the request's JWT claims."""
    while True:
        if "TypeCast" in node:
            node = node["TypeCast"].get("arg", {})
        elif "A_Expr" in node and strings(node["A_Expr"].get("name"))[-1:] in (
            ("->",),
            ("->>",),
        ):
            node = node["A_Expr"].get("lexpr", {})
        else:
            break
    call = node.get("FuncCall")
    if call is None:
        return False
    names = strings(call.get("funcname"))
    if names == ("auth", "jwt"):
        return True
    args = call.get("args", ())
    first = _constant(args[0]) if args else None
    return (
        names[-1:] == ("current_setting",)
        and isinstance(first, tuple)
        and str(first[1]).startswith("request.jwt.claim")
    )


def _metadata_key(operator: str, node: Node) -> bool:
    value = _constant(node)
    if not isinstance(value, tuple) or value[0] != "sval":
        return False
    text = str(value[1])
    if operator in ("->", "->>"):
        return text == "user_metadata"
    return text.strip("{}").split(",")[0].strip().strip('"') == "user_metadata"


def metadata_reads(tree: object) -> Iterator[tuple[bool, Node]]:
    """Where ``tree`` (any part of a parse tree) reads the user-editable metadata:
    ``(True, the key's A_Const)`` for ``user_metadata`` taken from ``auth.jwt()`` or the
    request's JWT claims, ``(False, the ColumnRef)`` for ``raw_user_meta_data``.

    The one test of "reads user_metadata": policy clauses here, function bodies in
    ``pg_routines.reads_user_metadata``.
    """
    return _metadata_in(walk(tree))


def _metadata_in(nodes: Iterable[tuple[str, Node]]) -> Iterator[tuple[bool, Node]]:
    """``metadata_reads`` of the ``(kind, node)`` pairs of a walk, in their order."""
    for kind, node in nodes:
        if kind == "A_Expr":
            operator = strings(node.get("name"))[-1:]
            key = node.get("rexpr", {})
            if (
                operator
                and operator[0] in _JSON_OPERATORS
                and _metadata_key(operator[0], key)
                and _claims_root(node.get("lexpr", {}))
            ):
                yield True, key["A_Const"]
        elif kind == "ColumnRef" and strings(node.get("fields"))[-1:] == ("raw_user_meta_data",):
            yield False, node


def _user_metadata(nodes: list[tuple[str, Node]], where: _Locator) -> Iterator[ir.Mention]:
    found = [
        where.token(node) if is_key else where.name(node) for is_key, node in _metadata_in(nodes)
    ]
    found.sort(key=lambda mention: mention.span.start)
    yield from found


def _calls(nodes: list[tuple[str, Node]], where: _Locator) -> Iterator[ir.Mention]:
    found: list[ir.Mention] = []
    for kind, call in nodes:
        if kind == "FuncCall" and auth_call({kind: call}) is None:
            names = strings(call.get("funcname"))
            if names and names[0] != "pg_catalog":
                found.append(ir.Mention(".".join(names), where.call(call).span))
    found.sort(key=lambda mention: mention.span.start)
    yield from found


def _called(node: object) -> str | None:
    """The function ``node`` calls, if it is a call, a cast of one, or ``(select call)``."""
    while isinstance(node, dict):
        if "FuncCall" in node:
            return ".".join(strings(node["FuncCall"].get("funcname")))
        if "TypeCast" in node:
            node = node["TypeCast"].get("arg")
        elif "SubLink" in node and node["SubLink"].get("subLinkType") == "EXPR_SUBLINK":
            select = node["SubLink"].get("subselect", {}).get("SelectStmt", {})
            targets = select.get("targetList", ())
            if len(targets) != 1 or "fromClause" in select:
                return None
            node = targets[0].get("ResTarget", {}).get("val")
        else:
            return None
    return None


def _qualified_column(node: object) -> tuple[str, str] | None:
    if isinstance(node, dict) and "ColumnRef" in node:
        fields = node["ColumnRef"].get("fields", ())
        names = strings(fields)
        if len(names) == len(fields) and len(names) in (1, 2):
            return ("", names[0]) if len(names) == 1 else (names[0], names[1])
    return None


def _compared(node: Node) -> Iterator[tuple[str, str, str]]:
    """``(qualifier, column, function)`` for ``column = f()`` in the top-level AND chain."""
    boolean = node.get("BoolExpr")
    if boolean is not None:
        if boolean.get("boolop") == "AND_EXPR":
            for arg in boolean.get("args", ()):
                yield from _compared(arg)
        return
    comparison = node.get("A_Expr")
    if comparison is None or comparison.get("kind") != "AEXPR_OP":
        return
    if strings(comparison.get("name")) != ("=",):
        return
    left, right = comparison.get("lexpr"), comparison.get("rexpr")
    for column_side, call_side in ((left, right), (right, left)):
        column, call = _qualified_column(column_side), _called(call_side)
        if column is not None and call is not None:
            yield (*column, call)
