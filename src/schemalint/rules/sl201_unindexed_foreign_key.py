"""SL201 unindexed-foreign-key: a foreign key whose columns lead no index."""

from __future__ import annotations

from schemalint.catalog.model import Constraint, Table
from schemalint.findings import Edit, Fix, Severity
from schemalint.rules._naming import backticked, quote_identifier, table_label
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule
from schemalint.source import Span


def is_covered(table: Table, columns: tuple[str, ...]) -> bool:
    """Whether some non-partial index, primary key or unique constraint starts with ``columns``.

    The leading columns may come in any order: PostgreSQL uses the index for the equality
    lookups a foreign key needs (cascades, RESTRICT checks, joins) whatever their order.
    """
    wanted = set(columns)
    keys: list[tuple[str | None, ...]] = [
        c.columns for c in table.constraints if c.kind in ("primary_key", "unique")
    ]
    keys.extend(index.columns for index in table.indexes if not index.partial)
    width = len(columns)
    return any(len(key) >= width and set(key[:width]) == wanted for key in keys)


def _sql_fix(table: Table, fk: Constraint, dialect: str) -> Fix | None:
    # The statement span excludes its ";": inserting ";\n<index>" before it leaves the
    # original ";" terminating the new statement. Only a key made inside CREATE TABLE has a
    # known statement end.
    inside = (
        fk.span.path == table.span.path
        and table.span.start <= fk.span.start
        and fk.span.end <= table.span.end
    )
    if not inside:
        return None
    index_name = quote_identifier(f"{table.name}_{'_'.join(fk.columns)}_idx")
    columns = ", ".join(quote_identifier(c) for c in fk.columns)
    if dialect == "postgres":
        target = f"{quote_identifier(table.schema)}.{quote_identifier(table.name)}"
        statement = f"CREATE INDEX CONCURRENTLY {index_name} ON {target} ({columns})"
    else:
        statement = f"CREATE INDEX {index_name} ON {quote_identifier(table.name)} ({columns})"
    at = Span(table.span.path, table.span.end, table.span.end)
    return Fix(f"Add `{statement}`", (Edit(at, f";\n{statement}"),))


class UnindexedForeignKey(SchemaRule[RuleOptions]):
    code = "SL201"
    name = "unindexed-foreign-key"
    severity = Severity.WARNING
    summary = "Flags a foreign key whose columns are not the leading columns of any index"
    origins = frozenset({"sql", "prisma"})
    # MySQL (InnoDB) creates an index for every foreign key by itself.
    dialects = frozenset({"postgres", "sqlite"})
    fixable = True

    def check(self, ctx: SchemaContext[RuleOptions]) -> None:
        for table in ctx.tables():
            for fk in table.foreign_keys:
                if not fk.columns or is_covered(table, fk.columns):
                    continue
                label = table_label(table)
                target = f" (referencing `{fk.ref_table}`)" if fk.ref_table else ""
                if table.origin == "prisma":
                    fix = None
                    how = "add an `@@index([...])` on the relation's `fields:` to the model"
                else:
                    fix = _sql_fix(table, fk, ctx.settings.dialect)
                    # SQLite has no CONCURRENTLY (nor the need: it locks the whole file).
                    create = (
                        "CREATE INDEX CONCURRENTLY"
                        if ctx.settings.dialect == "postgres"
                        else "CREATE INDEX"
                    )
                    how = f"create an index on them (`{create} ...`)"
                ctx.report(
                    fk.span,
                    f"Foreign key {backticked(fk.columns, 'and')} on `{label}`{target} "
                    "has no index",
                    help=(
                        "Without an index that starts with the key's columns, every delete or "
                        "key update on the referenced table scans this whole table (and locks "
                        "while it does), and joins on the key are slow. A primary key or unique "
                        f"constraint that starts with the columns also counts; {how}."
                    ),
                    fix=fix,
                )
