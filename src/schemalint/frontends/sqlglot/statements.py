"""One parsed MySQL/SQLite statement (a sqlglot expression) → IR statements."""

from __future__ import annotations

from schemalint import ir
from schemalint.frontends.sqlglot.alter import alter_table, index_statement
from schemalint.frontends.sqlglot.parts import (
    Context,
    Expr,
    IndexPart,
    column_def,
    key_column,
    mysql_index_names,
    name_of,
    table_element,
    table_ref,
)
from schemalint.frontends.sqlglot.tokens import kind, word


def convert(ctx: Context, statement: Expr) -> list[ir.Statement]:
    exp = ctx.exp
    if isinstance(statement, exp.Create):
        return _create(ctx, statement)
    if isinstance(statement, exp.Alter) and str(statement.args.get("kind")).upper() == "TABLE":
        return alter_table(ctx, statement)
    if isinstance(statement, exp.Drop):
        return _drop(ctx, statement)
    if isinstance(statement, exp.Delete) and isinstance(statement.this, exp.Table):
        return [_delete(ctx, statement)]
    if isinstance(statement, exp.Update) and isinstance(statement.this, exp.Table):
        columns = tuple(
            name_of(e.this) for e in statement.expressions if isinstance(e.this, exp.Column)
        )
        has_where = statement.args.get("where") is not None
        return [ir.Update(ctx.toks.whole, table_ref(ctx, statement.this), columns, has_where)]
    if isinstance(statement, exp.TruncateTable):
        tables = tuple(table_ref(ctx, t) for t in statement.expressions)
        return [ir.Truncate(ctx.toks.whole, tables)]
    return [opaque(ctx)]


def opaque(ctx: Context) -> ir.Opaque:
    """A statement the IR does not model; an ALTER TABLE of unknown shape marks its table."""
    tokens = ctx.toks.tokens
    words = [word(t) for t in tokens[:2]]
    if words == ["ALTER", "TABLE"] and len(tokens) > 2:
        table = _name_at(ctx, 2)
        return ir.Opaque(ctx.toks.whole, "ALTER TABLE", (table,) if table else ())
    label = " ".join(words) if words and words[0] in ("CREATE", "DROP", "ALTER") else words[0]
    return ir.Opaque(ctx.toks.whole, label)


def _name_at(ctx: Context, index: int) -> ir.TableRef | None:
    """A possibly qualified name read from the tokens (for statements sqlglot keeps as text)."""
    tokens = ctx.toks.tokens
    if index >= len(tokens) or kind(tokens[index]) in ("L_PAREN", "COMMA", "SEMICOLON"):
        return None
    first = index
    schema: str | None = None
    if index + 2 < len(tokens) and kind(tokens[index + 1]) == "DOT":
        schema = str(tokens[index].text)
        index += 2
    return ir.TableRef(schema, str(tokens[index].text), ctx.toks.span(first, index))


def rename_tables(ctx: Context) -> list[ir.Statement] | None:
    """MySQL's ``RENAME TABLE a TO b, c TO d`` (sqlglot keeps it as an opaque command)."""
    result: list[ir.Statement] = []
    for first, last in ctx.toks.top_level_segments(2):
        to = ctx.toks.first_at_depth0(first, last, frozenset({"TO"}))
        old = _name_at(ctx, first)
        new = _name_at(ctx, to + 1) if to is not None else None
        if old is None or new is None:
            return None
        result.append(ir.RenameTable(ctx.toks.whole, old, new.name))
    return result


def _create(ctx: Context, statement: Expr) -> list[ir.Statement]:
    exp = ctx.exp
    create_kind = str(statement.args.get("kind") or "").upper()
    target = statement.this
    if create_kind == "INDEX" and isinstance(target, exp.Index):
        return [_create_index(ctx, statement, target)]
    if create_kind != "TABLE":
        return [opaque(ctx)]
    exists = bool(statement.args.get("exists"))
    if isinstance(target, exp.Table):  # CREATE TABLE ... LIKE / AS SELECT
        table = table_ref(ctx, target)
        return [ir.CreateTable(ctx.toks.whole, table, (), (), exists, incomplete=True)]
    return _create_table(ctx, target, exists)


def _create_table(ctx: Context, schema: Expr, exists: bool) -> list[ir.Statement]:
    exp = ctx.exp
    table = table_ref(ctx, schema.this)
    name_at = ctx.token_index(schema.this.this)
    open_at = (name_at if name_at is not None else 0) + 1
    segments = ctx.toks.segments(open_at)
    elements = schema.expressions
    if len(segments) != len(elements):
        segments = [(0, len(ctx.toks.tokens) - 1)] * len(elements)
    columns: list[ir.ColumnDef] = []
    constraints: list[ir.ConstraintDef] = []
    indexes: list[IndexPart] = []
    incomplete = False
    for element, (first, last) in zip(elements, segments, strict=True):
        if isinstance(element, (exp.ColumnDef, exp.Identifier)):
            column, parts = column_def(ctx, element, first, last)
            columns.append(column)
            indexes.extend(parts)
            continue
        part = table_element(ctx, element, first, last)
        if isinstance(part, IndexPart):
            indexes.append(part)
        elif part is not None:
            constraints.append(part)
        else:
            incomplete = True
    span = ctx.toks.whole
    result: list[ir.Statement] = [
        ir.CreateTable(span, table, tuple(columns), tuple(constraints), exists, incomplete)
    ]
    if indexes:
        named = mysql_index_names(indexes) if ctx.innodb_keys else indexes
        result.extend(index_statement(part, table, span) for part in named)
    return result


def _create_index(ctx: Context, statement: Expr, index: Expr) -> ir.CreateIndex:
    params = index.args.get("params")
    args = params.args if params is not None else {}
    keys = args.get("columns") or []
    using = args.get("using")
    method = name_of(using).lower() if using is not None else "btree"
    index_name = index.this
    return ir.CreateIndex(
        ctx.toks.whole,
        name_of(index_name) if index_name is not None else None,
        table_ref(ctx, index.args["table"]),
        tuple(key_column(ctx, k) for k in keys),
        unique=bool(statement.args.get("unique")),
        partial=args.get("where") is not None,
        if_not_exists=bool(statement.args.get("exists")),
        method=method,
    )


def _drop(ctx: Context, statement: Expr) -> list[ir.Statement]:
    drop_kind = str(statement.args.get("kind") or "").upper()
    exists = bool(statement.args.get("exists"))
    targets = statement.args.get("tables") or []
    span = ctx.toks.whole
    if drop_kind == "TABLE":
        tables = tuple(table_ref(ctx, t) for t in targets)
        return [ir.DropTable(span, tables, exists, bool(statement.args.get("cascade")))]
    if drop_kind == "INDEX":
        on = statement.args.get("cluster")
        table = table_ref(ctx, on.this) if on is not None else None
        names = tuple(table_ref(ctx, t) for t in targets)
        return [ir.DropIndex(span, tuple((n.schema, n.name) for n in names), exists, table=table)]
    return [opaque(ctx)]


def _delete(ctx: Context, statement: Expr) -> ir.Delete:
    table = table_ref(ctx, statement.this)
    where = statement.args.get("where")
    head = ctx.toks.source.span(ctx.toks.whole.start, table.span.end)
    where_sql = ctx.sql(where.this) if where is not None else None
    return ir.Delete(ctx.toks.whole, table, where is not None, head, where_sql)
