"""SL201's fixes: the index a foreign key needs, as SQL after its statement or a Prisma ``@@index``."""

from __future__ import annotations

import re
from types import MappingProxyType

from schemalint.catalog.model import Constraint, Table
from schemalint.findings import Edit, Fix
from schemalint.frozen import frozen
from schemalint.rules._naming import quote_identifier, sql_table_name, table_label
from schemalint.source import SourceFile, Span

# Tools that run each migration file in one transaction, where CREATE INDEX CONCURRENTLY
# fails ("cannot run inside a transaction block"), with the comment that opts a file out.
# golang-migrate sends a file as one multi-statement query: an implicit transaction.
_TRANSACTIONAL = MappingProxyType(
    {
        "prisma": None,
        "supabase": None,
        "drizzle": None,
        "flyway": None,
        "golang-migrate": None,
        "dbmate": re.compile(r"--\s*migrate:up\b[^\n]*\btransaction:false"),
        "goose": re.compile(r"--\s*\+goose\s+NO\s+TRANSACTION", re.IGNORECASE),
        "graphile": re.compile(r"--!\s*no-transaction"),
    }
)
_TOOL_NAMES = MappingProxyType(
    {
        "prisma": "Prisma Migrate",
        "supabase": "The Supabase CLI",
        "drizzle": "drizzle-kit",
        "flyway": "Flyway",
        "golang-migrate": "golang-migrate",
        "dbmate": "dbmate",
        "goose": "goose",
        "graphile": "graphile-migrate",
    }
)


@frozen
class SqlIndex:
    """The CREATE INDEX a foreign key needs, and why it is (not) CONCURRENTLY."""

    statement: str
    concurrently: bool
    # Why a plain CREATE INDEX: "new" (the table is created in the same file),
    # a layout name (the tool runs the file in a transaction), or "" (no CONCURRENTLY exists).
    plain_because: str


def index_name(table: Table, columns: tuple[str, ...]) -> str:
    """PostgreSQL's own name for an index on ``columns``, numbered if the table already has it."""
    taken = {i.name for i in table.indexes} | {c.name for c in table.constraints}
    base = f"{table.name}_{'_'.join(columns)}_idx"
    name, number = base, 0
    while name in taken:
        number += 1
        name = f"{base}{number}"
    return name


def sql_index(
    table: Table,
    fk: Constraint,
    dialect: str,
    layout: str,
    source: SourceFile | None,
    statement: Span | None = None,
) -> SqlIndex:
    """The index ``fk`` needs, to add after ``statement`` (default: the key's own statement)."""
    statement = statement or fk.statement_span
    name = quote_identifier(index_name(table, fk.columns))
    columns = ", ".join(quote_identifier(c) for c in fk.columns)
    target = sql_table_name(table)
    if dialect != "postgres":
        return SqlIndex(f"CREATE INDEX {name} ON {target} ({columns})", False, "")
    plain_because = ""
    if statement is not None and statement.path == table.span.path:
        plain_because = "new"
    elif layout in _TRANSACTIONAL:
        opt_out = _TRANSACTIONAL[layout]
        if opt_out is None or source is None or not opt_out.search(source.text):
            plain_because = layout
    keyword = "CREATE INDEX" if plain_because else "CREATE INDEX CONCURRENTLY"
    return SqlIndex(f"{keyword} {name} ON {target} ({columns})", not plain_because, plain_because)


def sql_advice(index: SqlIndex, table: Table) -> str:
    """How to add the index, and why with or without CONCURRENTLY."""
    add = f"Add `{index.statement};`"
    if index.concurrently:
        return (
            f"{add}: CONCURRENTLY builds it without blocking writes to the table, but cannot "
            "run inside a transaction block."
        )
    if index.plain_because == "new":
        return (
            f"{add} after this statement: the table is created in the same migration, so it is "
            "still empty and a plain CREATE INDEX builds at once."
        )
    if index.plain_because:
        tool = _TOOL_NAMES.get(index.plain_because, index.plain_because)
        return (
            f"{add}. {tool} runs each migration file in a transaction, where CREATE INDEX "
            "CONCURRENTLY cannot run; a plain CREATE INDEX blocks writes to "
            f"`{table_label(table)}` while it builds, so on a large table build it CONCURRENTLY in a "
            "migration of its own that runs outside a transaction."
        )
    return f"{add}."


def sql_fix(index: SqlIndex, statement: Span | None, source: SourceFile | None) -> Fix | None:
    """Insert the index on its own line after the ``;`` that ends ``statement`` (the key's,
    or the one that removed its index)."""
    if statement is None or source is None:
        return None
    text = source.text
    at = _after_terminator(text, statement.end)
    if at is None:
        return None
    where, terminated = at
    prefix = "\n" if terminated else ";\n"
    edit = Edit(Span(source.path, where, where), f"{prefix}{index.statement};")
    return Fix(f"Add `{index.statement}`", (edit,))


_GAP = re.compile(r"(?:\s+|--[^\n]*|/\*.*?\*/)*", re.DOTALL)


def _after_terminator(text: str, end: int) -> tuple[int, bool] | None:
    """Where a new statement goes after the statement ending at ``end``.

    After its ``;`` (at the end of that line when only a comment follows on it); at ``end``
    itself, unterminated, when the file ends first. ``None`` when something else follows.
    """
    gap = _GAP.match(text, end)
    semicolon = gap.end() if gap else end
    if semicolon >= len(text):
        return end, False
    if text[semicolon] != ";":
        return None
    line_end = text.find("\n", semicolon)
    line_end = len(text) if line_end == -1 else line_end
    rest = text[semicolon + 1 : line_end].strip()
    if rest.startswith("--") or not rest:
        return line_end - (1 if text[line_end - 1 : line_end] == "\r" else 0), True
    return semicolon + 1, True


def prisma_index(table: Table, fk: Constraint) -> str:
    """``@@index([...])`` on the key's fields, in Prisma's names (before ``@map``)."""
    fields = []
    for name in fk.columns:
        column = table.column(name)
        fields.append(column.field if column is not None and column.field else name)
    return f"@@index([{', '.join(fields)}])"


def prisma_fix(table: Table, attribute: str, source: SourceFile | None) -> Fix | None:
    """Insert ``attribute`` on its own line before the model's closing ``}``."""
    if source is None:
        return None
    text = source.text
    close = text.rfind("}", table.span.start, table.span.end)
    line_start = text.rfind("\n", 0, close) + 1
    if close == -1 or text[line_start:close].strip():
        return None
    indent = "  "
    if table.columns:
        first = table.columns[0].span.start
        first_line = text.rfind("\n", 0, first) + 1
        indent = text[first_line:first] if not text[first_line:first].strip() else indent
    newline = "\r\n" if text[line_start - 2 : line_start] == "\r\n" else "\n"
    edit = Edit(Span(source.path, line_start, line_start), f"{indent}{attribute}{newline}")
    return Fix(f"Add `{attribute}`", (edit,))
