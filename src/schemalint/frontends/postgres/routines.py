"""CREATE FUNCTION / PROCEDURE and DO: the statements their bodies run, located in the file."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from schemalint import ir
from schemalint.frontends.postgres.nodes import Node, qualified, strings
from schemalint.frontends.postgres.pglast_parser import (
    ParseError,
    decode,
    parse_plpgsql_json,
    parse_sql_json,
)
from schemalint.frontends.postgres.plain import BLANKS
from schemalint.frontends.postgres.policy_tree import metadata_reads
from schemalint.frontends.postgres.security import arg_type, function_options, signature
from schemalint.frontends.postgres.text import IDENT, Piece, Stmt
from schemalint.source import Span

Convert = Callable[[Piece], list[ir.Statement]]

# Non-ASCII as [^\x00-\x7f]: a class with the range \x80-\U0010ffff takes ~10 ms to compile.
_DOLLAR_QUOTE = re.compile(r"\$(?:(?:[A-Za-z_]|[^\x00-\x7f])(?:[A-Za-z0-9_]|[^\x00-\x7f])*)?\$")
# PL/pgSQL statements and expression keys whose SQL is only known at run time.
_DYNAMIC = frozenset({"PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_dynfors", "dynquery"})
_STATEMENT_KEYS = tuple(f'"{key}"' for key in ("PLpgSQL_stmt_execsql", *sorted(_DYNAMIC)))
# Fewer opening brackets than this: too shallow a tree for ``decode`` (1,024 levels) or
# ``_walk`` (Python's limit is 1,000 frames) to recurse too deeply.
_SHALLOW = 200


def create_function(node: Node, stmt: Stmt, convert: Convert) -> list[ir.Statement]:
    schema, name = qualified(strings(node.get("funcname")))
    options = {o["DefElem"].get("defname"): o["DefElem"] for o in node.get("options", ())}
    language = _language(options.get("language"), "sql")
    body: tuple[ir.Statement, ...] = ()
    dynamic = False
    definition = options.get("as")
    items = None if definition is None else definition.get("arg", {}).get("List", {}).get("items")
    source = strings(items)
    metadata = reads_user_metadata(node, stmt, language, source)
    definer, search_path = function_options(node)
    returns = node.get("returnType")

    def made(body: tuple[ir.Statement, ...], dynamic: bool) -> list[ir.Statement]:
        return [
            ir.CreateFunction(
                stmt.span,
                schema,
                name,
                language,
                body,
                dynamic,
                metadata,
                signature(node.get("parameters")),
                returns=arg_type(returns) if returns else "",
                security_definer=definer,
                search_path=search_path,
                replace=bool(node.get("replace")),
                name_span=_name_span(stmt),
                volatility=_volatility(options.get("volatility")),
            )
        ]

    if stmt.context:
        # The replay never applies a function's body; rules only read a target file's.
        return made(body, dynamic)
    if "sql_body" in node:
        body = _atomic_body(node["sql_body"], stmt, convert)
    elif definition is not None and len(source) == 1 and language in ("sql", "plpgsql"):
        piece = _body_piece(stmt, source[0], definition.get("arg_location", -1))
        body, dynamic = _body(language, piece, stmt, convert)
    return made(body, dynamic)


def _name_span(stmt: Stmt) -> Span:
    """The routine's name as written: the name comes before the first ``(``, so only the
    head is scanned (context files need the name too: rules point at it). A head of names
    and blanks alone (no comment) is read without the scanner."""
    text = stmt.piece.text
    paren = text.find("(", stmt.start, stmt.end)
    if paren < 0:
        return stmt.span
    head = _HEAD.match(text, stmt.start, paren + 1)
    if head is not None:
        return stmt.piece.span(head.start(1), head.end(1))
    tokens = stmt.tokens_in(stmt.start, paren + 1)
    names = tokens.names
    keyword = next((i for i, n in enumerate(names[:8]) if n in ("FUNCTION", "PROCEDURE")), -1)
    if keyword < 0:
        return stmt.span
    stop = keyword + 1
    while stop < len(names) and names[stop] != "ASCII_40":
        stop += 1
    if stop >= len(names) or stop == keyword + 1:
        return stmt.span
    return stmt.piece.span(tokens.starts[keyword + 1], tokens.ends[stop - 1])


_BLANK = f"[{BLANKS}]"
# The head of a CREATE FUNCTION / PROCEDURE up to the ``(`` after the name (group 1); ASCII
# case folding only, as PostgreSQL folds keywords.
_HEAD = re.compile(
    rf"CREATE{_BLANK}+(?:OR{_BLANK}+REPLACE{_BLANK}+)?(?:FUNCTION|PROCEDURE){_BLANK}+"
    rf"({IDENT}(?:{_BLANK}*\.{_BLANK}*{IDENT})*){_BLANK}*\(",
    re.IGNORECASE | re.ASCII,
)

# libpg_query's RawParseMode of a PL/pgSQL expression: a statement, an expression, or an
# assignment (``target := expression``, with 1 to 3 name parts in the target).
_PLPGSQL_STATEMENT = 0
_PLPGSQL_EXPRESSION = 2
_PLPGSQL_ASSIGNMENTS = (3, 4, 5)


def reads_user_metadata(node: Node, stmt: Stmt, language: str, source: tuple[str, ...]) -> bool:
    """Whether the body of the routine ``node`` reads ``user_metadata`` from the JWT claims,
    or ``raw_user_meta_data``: ``pg_policy_tree.metadata_reads`` (the test policy clauses
    get) on the body's parse tree. A PL/pgSQL body is read through its expressions, each
    parsed as PostgreSQL parses them; a body in another language is not read.
    """
    # The cheap test first: every read names ``user_meta...``.
    if "sql_body" in node:
        text = stmt.sql(stmt.start, stmt.end)
        return "user_meta" in text and any(metadata_reads(node["sql_body"]))
    if len(source) != 1 or "user_meta" not in source[0]:
        return False
    if language == "sql":
        return _sql_reads_metadata(source[0])
    if language != "plpgsql":
        return False
    try:
        functions = decode(parse_plpgsql_json(stmt.sql(stmt.start, stmt.end)))
    except (ParseError, RecursionError):
        return False
    return any(_sql_reads_metadata(sql) for sql in _plpgsql_sql(functions))


def _sql_reads_metadata(sql: str) -> bool:
    try:
        tree = decode(parse_sql_json(sql))
    except (ParseError, RecursionError):
        return False
    return any(metadata_reads(tree))


def _plpgsql_sql(node: Any) -> Iterator[str]:
    """Every expression and statement of a PL/pgSQL function, as SQL that parses alone."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            expr = item.get("PLpgSQL_expr")
            if isinstance(expr, dict) and isinstance(expr.get("query"), str):
                query, mode = expr["query"], expr.get("parseMode", _PLPGSQL_STATEMENT)
                if mode == _PLPGSQL_STATEMENT:
                    yield query
                elif mode == _PLPGSQL_EXPRESSION:
                    yield f"SELECT {query}"
                elif mode in _PLPGSQL_ASSIGNMENTS:
                    _, assign, value = query.partition(":=")
                    if not assign:
                        _, assign, value = query.partition("=")
                    yield f"SELECT {value}"
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def do_block(node: Node, stmt: Stmt, convert: Convert) -> list[ir.Statement]:
    options = {a["DefElem"].get("defname"): a["DefElem"] for a in node.get("args", ())}
    language = _language(options.get("language"), "plpgsql")
    body: tuple[ir.Statement, ...] = ()
    dynamic = False
    definition = options.get("as")
    if definition is not None and language == "plpgsql":
        source = definition.get("arg", {}).get("String", {}).get("sval", "")
        piece = _body_piece(stmt, source, definition.get("arg_location", -1))
        body, dynamic = _body(language, piece, stmt, convert)
    return [ir.DoBlock(stmt.span, language, body, dynamic)]


def _language(option: Node | None, default: str) -> str:
    if option is None:
        return default
    return str(option.get("arg", {}).get("String", {}).get("sval", default)).lower()


def _body(
    language: str, piece: Piece, stmt: Stmt, convert: Convert
) -> tuple[tuple[ir.Statement, ...], bool]:
    if language == "sql":
        return tuple(convert(piece)), False
    try:
        tree = parse_plpgsql_json(stmt.sql(stmt.start, stmt.end))
        if _runs_no_sql(tree):
            return (), False
        functions = decode(tree)
    except ParseError as error:
        # PostgreSQL rejects the routine too (CREATE FUNCTION checks the body): nothing in it
        # will run, and the migration stops there.
        return (_body_error(piece, str(error.args[0]).splitlines()[0]),), False
    except RecursionError:
        # Hundreds of nested blocks (PostgreSQL runs them): too deep to decode.
        # The body goes unchecked and counts as dynamic; the rest of the file is linted.
        return (_body_error(piece, "nested too deeply to analyse"),), True
    queries: list[tuple[int, str]] = []
    try:
        dynamic = _walk(functions, queries)
    except RecursionError:
        return (_body_error(piece, "nested too deeply to analyse"),), True
    return tuple(_located(piece, queries, stmt, convert)), dynamic


def _runs_no_sql(tree: str) -> bool:
    """Whether a PL/pgSQL function's JSON tree surely holds no SQL statement, static or
    dynamic, for ``_walk`` to find: none of their keys is in the text, and the tree is too
    shallow for decoding it to fail. Most trigger bodies only assign and return: their tree
    (with the trigger variables' declarations) is not decoded at all."""
    for key in _STATEMENT_KEYS:
        if key in tree:
            return False
    return tree.count("{") + tree.count("[") < _SHALLOW


_NEAR = re.compile(r'at or near "(.+)"$')


def _body_error(piece: Piece, message: str) -> ir.Unparsable:
    """The error at the token PL/pgSQL names, when the body has it once; else at the body.

    pglast gives no position for a PL/pgSQL error, only the token in the message.
    """
    text = piece.text
    start = len(text) - len(text.lstrip())
    end = max(len(text.rstrip()), start)
    near = _NEAR.search(message)
    if near is not None:
        token = near.group(1)
        bounded = re.escape(token)
        if token[:1].isalnum() or token[:1] == "_":
            bounded = rf"(?<![\w$]){bounded}(?![\w$])"
        found = list(re.finditer(bounded, text, re.IGNORECASE))
        if len(found) == 1:
            start, end = found[0].span()
    return ir.Unparsable(piece.span(start, end), f"in the PL/pgSQL body: {message}")


def _body_piece(stmt: Stmt, source: str, byte_location: int) -> Piece:
    """The body string as a piece whose offsets map into the file where that is exact."""
    outer = stmt.piece
    if byte_location < 0:
        return outer.fixed_at(stmt.span, source)
    text = outer.text
    start = outer.loc(byte_location)
    quote = _DOLLAR_QUOTE.match(text, start)
    if quote is not None:
        # Dollar quoting keeps the body byte for byte.
        inner = quote.end()
        if text.startswith(source, inner):
            return outer.sub(inner, inner + len(source), source)
        return outer.fixed_at(stmt.span, source)
    escaped = source.replace("'", "''")
    if text.startswith("'" + escaped + "'", start) and not outer.escapes and outer.fixed is None:
        escapes = tuple(i for i, char in enumerate(source) if char == "'")
        return Piece(
            outer.path, source, outer.file_offset(start + 1), escapes, context=outer.context
        )
    return outer.fixed_at(stmt.span, source)


def _atomic_body(sql_body: Node, stmt: Stmt, convert: Convert) -> tuple[ir.Statement, ...]:
    """The statements of ``BEGIN ATOMIC ... END`` (a bare ``RETURN expr`` runs none)."""
    if "List" not in sql_body:
        return ()
    tokens = stmt.tokens
    begin = tokens.find(("BEGIN_P", "ATOMIC"), 0, len(tokens))
    end = len(tokens) - 1
    while end > begin and tokens.names[end] != "END_P":
        end -= 1
    if begin < 0 or end <= begin:
        return ()
    return tuple(convert(stmt.piece.sub(tokens.ends[begin + 1], tokens.starts[end])))


def _walk(node: Any, queries: list[tuple[int, str]]) -> bool:
    """Collects (line, query) of every plain SQL statement; true if any SQL is dynamic."""
    dynamic = False
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "datums":
                continue  # variable declarations: no statements in there
            if key == "PLpgSQL_stmt_execsql":
                query = value.get("sqlstmt", {}).get("PLpgSQL_expr", {}).get("query")
                if query:
                    queries.append((value.get("lineno", 1), query))
            elif key in _DYNAMIC:
                dynamic = True
            dynamic = _walk(value, queries) or dynamic
    elif isinstance(node, list):
        for item in node:
            dynamic = _walk(item, queries) or dynamic
    return dynamic


def _located(
    piece: Piece, queries: list[tuple[int, str]], stmt: Stmt, convert: Convert
) -> list[ir.Statement]:
    body = piece.text
    line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
    cursors: dict[int, int] = {}
    out: list[ir.Statement] = []
    for line, query in queries:
        line_start = line_starts[max(0, min(line, len(line_starts)) - 1)]
        found = _locate(body, query, cursors.get(line, line_start))
        if found is None:
            out.extend(convert(piece.fixed_at(stmt.span, query)))
            continue
        cursors[line] = found + len(query)
        out.extend(convert(piece.sub(found, found + len(query), query)))
    return out


def _locate(body: str, query: str, start: int) -> int | None:
    """Where ``query`` starts in ``body``, searching from ``start``.

    PL/pgSQL hands over a statement verbatim except that its ``INTO target`` is blanked out
    with spaces, so blanks in the query match anything at the same place in the body.
    """
    found = body.find(query, start)
    if found >= 0:
        return found
    head = query.split(None, 1)[0]
    candidate = body.find(head, start)
    while candidate >= 0:
        region = body[candidate : candidate + len(query)]
        if len(region) == len(query) and all(
            q == b or q == " " for q, b in zip(query, region, strict=True)
        ):
            return candidate
        candidate = body.find(head, candidate + 1)
    return None


def _volatility(option: Node | None) -> str:
    """``VOLATILE`` (the default), ``STABLE`` or ``IMMUTABLE``, lower case."""
    value = (option or {}).get("arg", {}).get("String", {}).get("sval")
    return value if value in ("stable", "immutable") else "volatile"
