"""What a policy clause's parse tree says, positions aside: the tests ``policy_facts`` applies.

Each function reads libpg_query JSON nodes only; locating what they find in the text is
``policy_facts``'s part.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemalint.frontends.postgres.nodes import Node, strings, walk

AUTH_FUNCTIONS = frozenset({"uid", "jwt", "role", "email"})
_JSON_OPERATORS = frozenset({"->", "->>", "#>", "#>>"})
_USER_FUNCTIONS = frozenset({"SVFOP_CURRENT_USER", "SVFOP_SESSION_USER", "SVFOP_CURRENT_ROLE"})
_TRUE_TEXTS = frozenset({"t", "true", "y", "yes", "on", "1"})


def auth_call(node: Node) -> str | None:
    """``auth.uid()`` ... or ``current_setting(...)`` when ``node`` is such a ``FuncCall``."""
    call = node.get("FuncCall")
    return None if call is None else auth_names(strings(call.get("funcname")))


def auth_names(names: tuple[str, ...]) -> str | None:
    """``auth_call`` of a ``FuncCall`` whose ``funcname`` strings are ``names``."""
    if len(names) == 2 and names[0] == "auth" and names[1] in AUTH_FUNCTIONS:
        return f"auth.{names[1]}()"
    if names in (("current_setting",), ("pg_catalog", "current_setting")):
        return "current_setting(...)"
    return None


def reads_columns(node: object) -> bool:
    """Whether ``node`` reads a column outside any sub-select of its own."""
    stack: list[Any] = [node]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is dict:
            if "ColumnRef" in item:
                return True
            if "SubLink" in item:
                testexpr = item["SubLink"].get("testexpr")
                if testexpr is not None:
                    stack.append(testexpr)
                continue
            extend(item.values())  # scalars too: cheaper than leaving them out
        elif kind is list:
            extend(item)
    return False


def is_identity(node: Node) -> bool:
    """Whether ``node`` reads no row column and asks a function or a sub-select.

    One pass: the walk that looks for a column read (which stops at sub-selects) also meets
    every function call; a sub-select it does not enter is itself the answer.
    """
    asks = False
    stack: list[Any] = [node]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is dict:
            if "ColumnRef" in item:
                return False
            if "SubLink" in item:
                asks = True
                testexpr = item["SubLink"].get("testexpr")
                if testexpr is not None:
                    stack.append(testexpr)
                continue
            if "FuncCall" in item:
                asks = True
            elif not asks:
                value = item.get("SQLValueFunction")
                asks = value is not None and value.get("op") in _USER_FUNCTIONS
            extend(item.values())
        elif kind is list:
            extend(item)
    return asks


def constant(node: Node) -> object:
    """``(kind, value)`` of an ``A_Const`` node (``("ival", 0)`` for a bare zero), else None."""
    const = node.get("A_Const")
    if const is None:
        return None
    for key in ("ival", "sval", "fval", "boolval"):
        if key in const:
            return (key, next(iter(const[key].values()), None))
    return ("ival", 0) if not const or const.keys() == {"location"} else None


def always_true(node: Node) -> bool:
    """Whether the expression is constant and true (``true``, ``1 = 1``, ``'t'::bool`` ...)."""
    if "A_Const" in node:
        return node["A_Const"].get("boolval", {}).get("boolval") is True
    if "TypeCast" in node:
        cast = node["TypeCast"]
        names = strings(cast.get("typeName", {}).get("names"))
        value = constant(cast.get("arg", {}))
        return names[-1:] in (("bool",), ("boolean",)) and (
            value == ("boolval", True)
            or (isinstance(value, tuple) and str(value[1]).lower() in _TRUE_TEXTS)
        )
    if "BoolExpr" in node:
        expr = node["BoolExpr"]
        args = expr.get("args", ())
        if expr.get("boolop") == "AND_EXPR":
            return all(always_true(a) for a in args)
        if expr.get("boolop") == "OR_EXPR":
            return any(always_true(a) for a in args)
        return False
    if "A_Expr" in node:
        expr = node["A_Expr"]
        if expr.get("kind") != "AEXPR_OP" or strings(expr.get("name")) != ("=",):
            return False
        left, right = constant(expr.get("lexpr", {})), constant(expr.get("rexpr", {}))
        return left is not None and left == right
    return False


def disjuncts(node: Node) -> Iterator[Node]:
    """The operands of a top-level ``OR`` chain (``node`` itself when it is none)."""
    expr = node.get("BoolExpr")
    if expr is not None and expr.get("boolop") == "OR_EXPR":
        for arg in expr.get("args", ()):
            yield from disjuncts(arg)
    else:
        yield node


def unwrapped_call(node: Node) -> Node | None:
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


def conjuncts(node: Node) -> Iterator[Node]:
    """The comparisons at the top of a boolean expression (through AND, OR and NOT)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if "BoolExpr" in item:
            stack.extend(reversed(item["BoolExpr"].get("args", ())))
        else:
            yield item


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
    first = constant(args[0]) if args else None
    return (
        names[-1:] == ("current_setting",)
        and isinstance(first, tuple)
        and str(first[1]).startswith("request.jwt.claim")
    )


def _metadata_key(operator: str, node: Node) -> bool:
    value = constant(node)
    if not isinstance(value, tuple) or value[0] != "sval":
        return False
    text = str(value[1])
    if operator in ("->", "->>"):
        return text == "user_metadata"
    return text.strip("{}").split(",")[0].strip().strip('"') == "user_metadata"


def metadata_key(expr: Node) -> Node | None:
    """The ``A_Const`` key when the ``A_Expr`` content ``expr`` takes ``user_metadata`` from
    ``auth.jwt()`` or the request's JWT claims."""
    names = expr.get("name")
    last = names[-1].get("String") if names else None
    # The operator's name as ``strings`` gives it, read directly when it is a ``String``.
    operator = last.get("sval") if last is not None else (strings(names)[-1:] or (None,))[0]
    key = expr.get("rexpr", {})
    if (
        operator in _JSON_OPERATORS
        and _metadata_key(operator, key)
        and _claims_root(expr.get("lexpr", {}))
    ):
        const: Node = key["A_Const"]
        return const
    return None


def is_raw_metadata(ref: Node) -> bool:
    """Whether the ``ColumnRef`` content ``ref`` reads ``raw_user_meta_data``."""
    return strings(ref.get("fields"))[-1:] == ("raw_user_meta_data",)


def metadata_reads(tree: object) -> Iterator[tuple[bool, Node]]:
    """Where ``tree`` (any part of a parse tree) reads the user-editable metadata:
    ``(True, the key's A_Const)`` for ``user_metadata`` taken from ``auth.jwt()`` or the
    request's JWT claims, ``(False, the ColumnRef)`` for ``raw_user_meta_data``.

    The one test of "reads user_metadata": policy clauses (``policy_facts``), function bodies
    in ``pg_routines.reads_user_metadata``.
    """
    for kind, node in walk(tree):
        if kind == "A_Expr":
            key = metadata_key(node)
            if key is not None:
                yield True, key
        elif kind == "ColumnRef" and is_raw_metadata(node):
            yield False, node


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


def compared(node: Node) -> Iterator[tuple[str, str, str]]:
    """``(qualifier, column, function)`` for ``column = f()`` in the top-level AND chain."""
    boolean = node.get("BoolExpr")
    if boolean is not None:
        if boolean.get("boolop") == "AND_EXPR":
            for arg in boolean.get("args", ()):
                yield from compared(arg)
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
