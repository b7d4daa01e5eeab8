"""PostgreSQL frontend: libpg_query (through pglast) JSON parse trees to IR statements.

The whole file is parsed with one ``parse_sql_json`` call (a large file in chunks of whole
statements, see ``frontends.postgres.chunks``). When that fails, the file (or chunk) is split into statements
with the scanner and each is parsed alone, so one bad statement becomes one located
``Unparsable`` and every other statement is still converted.

Statements the IR does not model become ``Opaque`` named after the libpg_query node type
(``GrantStmt``, ``InsertStmt``...); ALTER TABLE sub-commands it does not model are named after
their sub-command type (``AT_ChangeOwner``, ``AT_AttachPartition``...).

*Context mode* is for the files of a history that are replayed but not reported on. Its IR
replays to the same catalog, spans aside, for less work: statement spans are exact, but the
parts of a statement (columns, constraints, ALTER TABLE sub-commands) get spans from their
start to the statement's end instead of scanning for their end; spans the replay never reads
(table names other than the one a CREATE TABLE makes, REFERENCES clauses, column names) are
the statement's or the part's own; CREATE FUNCTION
bodies (which the replay never applies) are left empty; and INSERT, UPDATE and DELETE, which
change no schema, are ``Opaque``. DO bodies run during the migration and are still converted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from types import MappingProxyType

from schemalint import ir
from schemalint.frontends.postgres import alter as pg_alter
from schemalint.frontends.postgres import chunks as pg_chunks
from schemalint.frontends.postgres import objects as pg_objects
from schemalint.frontends.postgres import operations as pg_operations
from schemalint.frontends.postgres import routines as pg_routines
from schemalint.frontends.postgres import security as pg_security
from schemalint.frontends.postgres import tables as pg_tables
from schemalint.frontends.postgres.nodes import Node
from schemalint.frontends.postgres.pglast_parser import ParseError, decode, parse_sql_json
from schemalint.frontends.postgres.text import (
    COMMENTS,
    Piece,
    Stmt,
    Tokens,
    scan_tokens,
    split_statements,
)
from schemalint.frozen import replace
from schemalint.inputs.lexing import skip_blank
from schemalint.source import SourceFile

Converter = Callable[[Node, Stmt], list[ir.Statement]]

_TOO_DEEP = "stack depth limit exceeded: the statement is nested too deeply"
_LINE_BREAK = re.compile(r"[\r\n]")
_DATA_STATEMENTS = frozenset({"InsertStmt", "UpdateStmt", "DeleteStmt"})


def parse(source: SourceFile, *, context: bool = False) -> tuple[ir.Statement, ...]:
    """The IR statements of a PostgreSQL file, in order; never raises on bad SQL.

    ``context``: the file is only replayed, never reported on (see the module docstring).
    """
    return tuple(statements(source, context=context))


def statements(source: SourceFile, *, context: bool = False) -> Iterator[ir.Statement]:
    """``parse``'s statements, made as they are taken (a large file chunk by chunk)."""
    text = source.masked
    nul = text.find("\0")
    if nul == -1:
        return pg_chunks.convert(Piece(source.path, text, context=context), convert_text)
    return _with_nul(source, text, nul, context)


def _with_nul(source: SourceFile, text: str, nul: int, context: bool) -> Iterator[ir.Statement]:
    # libpg_query reads a C string: it would stop at the NUL and silently drop the rest.
    file = Piece(source.path, text.replace("\0", " "), context=context)
    error: ir.Statement | None = ir.Unparsable(
        source.span(nul, nul + 1), 'invalid byte sequence for encoding "UTF8": 0x00'
    )
    for statement in pg_chunks.convert(file, convert_text):
        # Before the first statement that starts after the NUL.
        if error is not None and statement.span.start > nul:
            yield error
            error = None
        yield statement
    if error is not None:
        yield error


def convert_text(piece: Piece) -> list[ir.Statement]:
    """The statements of a piece of SQL (a file, a statement, a function body)."""
    try:
        tree = decode(parse_sql_json(piece.text))
    except (ParseError, RecursionError):
        # RecursionError: a statement nested too deeply to decode; _recover isolates it.
        return _recover(piece)
    except UnicodeEncodeError as error:
        # Only lone surrogates (undecodable bytes read with surrogateescape) get here.
        where = piece.span(error.start, error.end)
        return [ir.Unparsable(where, 'invalid byte sequence for encoding "UTF8"')]
    return _convert_tree(piece, tree)


def _convert_tree(piece: Piece, tree: Node) -> list[ir.Statement]:
    text = piece.text
    out: list[ir.Statement] = []
    for raw in tree.get("stmts", ()):
        location = raw.get("stmt_location", 0)
        length = raw.get("stmt_len", 0)
        end = piece.loc(location + length) if length else len(text)
        start = skip_blank(text, piece.loc(location), end)
        stmt = _statement(piece, start, end)
        out.extend(_convert_node(raw.get("stmt", {}), stmt))
    return out


def _convert_node(node: Node, stmt: Stmt) -> list[ir.Statement]:
    """The IR of one statement's parse tree (``{"CreateStmt": {...}}``)."""
    kind = next(iter(node), "")
    converter = _CONVERTERS.get(kind)
    if converter is None:
        return [pg_objects.opaque(kind, node[kind], stmt)]
    if stmt.piece.context and kind in _DATA_STATEMENTS:
        return [ir.Opaque(stmt.span, kind)]
    return converter(node[kind], stmt)


def _create_schema(node: Node, stmt: Stmt) -> list[ir.Statement]:
    """``CREATE SCHEMA s CREATE TABLE ... CREATE INDEX ...``: each element is converted as
    the statement it is, its span running from its ``CREATE``/``GRANT`` keyword to the next
    element (the replay applies them in the new schema)."""
    head = pg_objects.create_schema(node, stmt)
    elements = node.get("schemaElts", ())
    if not elements:
        return head
    tokens = stmt.tokens
    starts = [_element_start(stmt, tokens, element) for element in elements]
    converted: list[ir.Statement] = []
    for index, element in enumerate(elements):
        following = index + 1 < len(starts)
        end = tokens.last_end_before(starts[index + 1], stmt.end) if following else stmt.end
        converted.extend(_convert_node(element, Stmt(stmt.piece, starts[index], end)))
    schema = head[0]
    assert isinstance(schema, ir.CreateSchema)
    return [replace(schema, elements=tuple(converted))]


_ELEMENT_KEYWORDS = frozenset({"CREATE", "GRANT"})


def _element_start(stmt: Stmt, tokens: Tokens, element: Node) -> int:
    """Where a schema element starts: the ``CREATE``/``GRANT`` before its first location."""
    location = _first_location(element)
    if location is None:
        return stmt.start
    index = tokens.at(stmt.piece.loc(location))
    while index > 0:
        index -= 1
        if tokens.names[index] in _ELEMENT_KEYWORDS:
            return tokens.starts[index]
    return stmt.start


def _first_location(node: object) -> int | None:
    """The smallest ``location`` in a parse tree, or ``None``."""
    found: int | None = None
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            location = item.get("location")
            if isinstance(location, int) and location >= 0:
                found = location if found is None else min(found, location)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return found


def _statement(piece: Piece, start: int, end: int) -> Stmt:
    """The statement ``text[start:end]`` without trailing whitespace and comments."""
    text = piece.text
    while end > start and text[end - 1].isspace():
        end -= 1
    line = max(text.rfind("\n", start, end) + 1, start)
    if text.find("--", line, end) >= 0 or text.endswith("*/", line, end):
        # Possibly a trailing comment; only the scanner knows whether it is one.
        tokens = Tokens(text, start, end)
        stmt = Stmt(piece, start, tokens.ends[-1] if len(tokens) else end)
        stmt.reuse(tokens)
        return stmt
    return Stmt(piece, start, end)


def _recover(piece: Piece) -> list[ir.Statement]:
    text = piece.text
    broken: tuple[int, str] | None = None
    try:
        raw = scan_tokens(text)
    except ParseError as error:
        where = error.args[1] if len(error.args) > 1 and error.args[1] is not None else 0
        broken = (where, _first_line(str(error.args[0])))
        try:
            raw = scan_tokens(text[:where])
        except ParseError:
            raw = []
    kept = [t for t in raw if t.name not in COMMENTS]
    starts = [t.start for t in kept]
    ends = [t.end + 1 for t in kept]
    names = [t.name for t in kept]
    out: list[ir.Statement] = []
    for first, last, terminated in split_statements(names):
        if broken is not None and not terminated:
            break
        start, end = starts[first], ends[last]
        sub = piece.sub(start, end)
        try:
            tree = decode(parse_sql_json(sub.text))
        except ParseError as error:
            out.append(_unparsable(piece, error, first, last, starts, ends))
            continue
        except RecursionError:
            out.append(ir.Unparsable(piece.span(start, end), _TOO_DEEP))
            continue
        out.extend(_convert_tree(sub, tree))
    if broken is not None:
        where, message = broken
        out.append(ir.Unparsable(piece.span(where, len(text.rstrip())), message))
    return out


def _first_line(message: str) -> str:
    """PostgreSQL quotes the rest of the input after an unterminated literal: keep one line."""
    # A CRLF file puts "\r" first; it would break the one-line message just the same.
    head, *rest = _LINE_BREAK.split(message, maxsplit=1)
    return head + '"' if rest else message


def _unparsable(
    piece: Piece, error: ParseError, first: int, last: int, starts: list[int], ends: list[int]
) -> ir.Unparsable:
    """Points at the token PostgreSQL names in its message (the last one at end of input)."""
    where = error.args[1] if len(error.args) > 1 else None
    index = last
    if where is not None:
        index = bisect.bisect_right(starts, starts[first] + where, first, last + 1) - 1
    index = max(first, index)
    # The token PostgreSQL quotes may span lines (a dollar-quoted body): keep one line.
    message = _first_line(str(error.args[0]))
    return ir.Unparsable(piece.span(starts[index], ends[index]), message)


_CONVERTERS: Mapping[str, Converter] = MappingProxyType(
    {
        "CreateStmt": pg_tables.create_table,
        "CreateTableAsStmt": pg_tables.create_table_as,
        "AlterTableStmt": pg_alter.alter_table,
        "RenameStmt": pg_alter.rename,
        "AlterObjectSchemaStmt": pg_alter.set_schema,
        "IndexStmt": pg_objects.create_index,
        "CreateExtensionStmt": pg_objects.create_extension,
        "DropStmt": pg_objects.drop,
        "CreatePolicyStmt": pg_objects.create_policy,
        "AlterPolicyStmt": pg_objects.alter_policy,
        "CreateSchemaStmt": _create_schema,
        "VariableSetStmt": pg_objects.set_variable,
        "SelectStmt": pg_objects.select,
        "InsertStmt": pg_objects.insert,
        "CreateTrigStmt": pg_objects.create_trigger,
        "UpdateStmt": pg_objects.update,
        "DeleteStmt": pg_objects.delete,
        "TruncateStmt": pg_objects.truncate,
        "CreateFunctionStmt": partial(pg_routines.create_function, convert=convert_text),
        "DoStmt": partial(pg_routines.do_block, convert=convert_text),
        "GrantStmt": pg_security.grant,
        "AlterDefaultPrivilegesStmt": pg_security.alter_default_privileges,
        "AlterFunctionStmt": pg_security.alter_function,
        "ViewStmt": pg_security.create_view,
        "CreateForeignTableStmt": pg_security.create_foreign_table,
        "ReindexStmt": pg_operations.reindex,
        "VacuumStmt": pg_operations.vacuum,
        "ClusterStmt": pg_operations.cluster,
        "AlterEnumStmt": pg_operations.alter_enum,
        "AlterSystemStmt": partial(pg_operations.non_transactional, "ALTER SYSTEM"),
        "CreatedbStmt": partial(pg_operations.non_transactional, "CREATE DATABASE"),
        "DropdbStmt": partial(pg_operations.non_transactional, "DROP DATABASE"),
        "CreateTableSpaceStmt": partial(pg_operations.non_transactional, "CREATE TABLESPACE"),
        "DropTableSpaceStmt": partial(pg_operations.non_transactional, "DROP TABLESPACE"),
    }
)
