"""SL201's fixes: the index a foreign key needs, as SQL after its statement or a Prisma ``@@index``."""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

from schemalint.catalog.model import Catalog, Constraint, Table
from schemalint.findings import Edit, Fix
from schemalint.frozen import frozen
from schemalint.rules._naming import quote_identifier, sql_table_name, table_label
from schemalint.source import SourceFile, Span

if TYPE_CHECKING:
    from schemalint.tools.dialects import Dialect
    from schemalint.tools.transactions import TransactionModel

# Keyed by Scope's name: the transaction model is imported only when a finding needs it.
_SCOPE = MappingProxyType(
    {
        "FILE": "runs each migration file in a transaction",
        "FILE_IMPLICIT": (
            "sends each migration file as one query string, which PostgreSQL runs as one "
            "transaction when it holds several statements"
        ),
        "BATCH": "runs every pending migration in one transaction",
    }
)


@frozen
class SqlIndex:
    """The CREATE INDEX a foreign key needs, and why it is (not) CONCURRENTLY.

    ``new``: the table is created in the same file, so a plain index builds at once.
    ``model``: the runner's transaction model, which says whether CONCURRENTLY can run there.
    """

    statement: str
    concurrently: bool
    new: bool = False
    model: TransactionModel | None = None
    # The runner refuses the file with the index in it (Flyway without mixed=true).
    refused: str = ""
    pulled_out: bool = False


# PostgreSQL truncates longer identifiers (NAMEDATALEN - 1 bytes).
_MAX_NAME = 63
_SERIAL_TYPES = frozenset({"serial", "serial2", "serial4", "serial8", "smallserial", "bigserial"})


def relation_names(catalog: Catalog) -> dict[str, set[str]]:
    """Every name the relation namespace of each schema holds, which a new index must not take:
    tables, their indexes and index-backed constraints (every constraint, to be safe), the
    sequences serial and identity columns own (``table_column_seq``), views, materialized
    views, foreign tables and the other relations the history made."""
    names: dict[str, set[str]] = {}
    for table in catalog.tables.values():
        taken = names.setdefault(table.schema, set())
        taken.add(table.name)
        taken.update(index.name for index in table.indexes)
        taken.update(constraint.name for constraint in table.constraints)
        taken.update(
            f"{table.name}_{column.name}_seq"
            for column in table.columns
            if column.type_name.lower() in _SERIAL_TYPES
            or (column.has_default and column.default_sql is None and not column.generated_from)
        )
    for schema, name in (*catalog.views, *catalog.foreign_tables, *catalog.relations):
        names.setdefault(schema, set()).add(name)
    return names


def index_name(table: Table, columns: tuple[str, ...], taken: set[str] | None = None) -> str:
    """PostgreSQL's own name for an index on ``columns`` (``table_cols_idx``, cut to 63 bytes),
    numbered past the names ``taken`` (by default the table's indexes and constraints); the
    name returned is added to ``taken``."""
    if taken is None:
        taken = {i.name for i in table.indexes} | {c.name for c in table.constraints}
    base = f"{table.name}_{'_'.join(columns)}_idx"
    number = 0
    while True:
        suffix = str(number) if number else ""
        name = base[: _MAX_NAME - len(suffix)] + suffix
        if name not in taken:
            taken.add(name)
            return name
        number += 1


def sql_index(
    table: Table,
    fk: Constraint,
    dialect: Dialect,
    model: TransactionModel | None,
    source: SourceFile | None,
    statement: Span | None = None,
) -> SqlIndex:
    """The index ``fk`` needs, CONCURRENTLY when the runner would run it outside a transaction
    in the file the fix inserts it into (after ``statement``: by default the key's)."""
    statement_span = statement or fk.statement_span
    name = quote_identifier(index_name(table, fk.columns))
    columns = ", ".join(quote_identifier(c) for c in fk.columns)
    target = sql_table_name(table)
    plain = f"CREATE INDEX {name} ON {target} ({columns})"
    if not dialect.concurrent_index:
        return SqlIndex(plain, False)
    if statement_span is not None and statement_span.path == table.span.path:
        return SqlIndex(plain, False, new=True)
    concurrent = f"CREATE INDEX CONCURRENTLY {name} ON {target} ({columns})"
    if model is None:
        return SqlIndex(concurrent, True)
    text = (
        source.text[statement_span.start : statement_span.end]
        if (source and statement_span)
        else ""
    )
    run = model.run(source.text if source else "", [text, concurrent])
    if run.refused or run.in_transaction(1):
        return SqlIndex(plain, False, model=model, refused=run.refused)
    return SqlIndex(concurrent, True, model=model, pulled_out=run.segment(1).pulled_out)


def sql_advice(index: SqlIndex, table: Table) -> str:
    """How to add the index, and why with or without CONCURRENTLY."""
    add = f"Add `{index.statement};`"
    model = index.model
    if index.concurrently:
        alone = (
            f" {model.runner} runs it on its own, outside the file's transaction."
            if model is not None and index.pulled_out
            else ""
        )
        return (
            f"{add}: CONCURRENTLY builds it without blocking writes to the table, but cannot "
            f"run inside a transaction block.{alone}"
        )
    if index.new:
        return (
            f"{add} after this statement: the table is created in the same migration, so it is "
            "still empty and a plain CREATE INDEX builds at once."
        )
    if model is None:
        return f"{add}."
    # A plain CREATE INDEX on a table created before this migration is what SL502 reports: the
    # advice leads with the concurrent build, where and how the runner can run it.
    from schemalint.rules._safety import how_to_run_alone

    concurrent = index.statement.replace("CREATE INDEX", "CREATE INDEX CONCURRENTLY", 1)
    if index.refused:
        why = f"{index.refused};"
    else:
        why = f"{model.runner} {_SCOPE[model.scope.name]}, where CREATE INDEX CONCURRENTLY cannot run;"
    return (
        f"{why} a plain CREATE INDEX would block writes to `{table_label(table)}` while it "
        f"builds (SL502). {how_to_run_alone(model, concurrent)}"
    )


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
