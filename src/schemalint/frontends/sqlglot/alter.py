"""ALTER TABLE in MySQL/MariaDB and SQLite → IR statements (one or more per sub-command)."""

from __future__ import annotations

from schemalint import ir
from schemalint.frontends.sqlglot.parts import (
    Context,
    Expr,
    IndexPart,
    column_def,
    name_of,
    table_element,
    table_ref,
)
from schemalint.frontends.sqlglot.tokens import word
from schemalint.source import Span


def index_statement(part: IndexPart, table: ir.TableRef, span: Span) -> ir.CreateIndex:
    return ir.CreateIndex(
        span, part.name, table, part.columns, unique=part.unique, method=part.method
    )


def alter_table(ctx: Context, statement: Expr) -> list[ir.Statement]:
    table = table_ref(ctx, statement.this)
    span = ctx.toks.whole
    actions = statement.args.get("actions") or []
    if not actions:
        # Table options only (ENGINE=, CHARSET, AUTO_INCREMENT=...): the shape is unchanged.
        return [ir.Opaque(span, "ALTER TABLE")]
    name_index = ctx.token_index(statement.this.this)
    segments = ctx.toks.top_level_segments((name_index or 1) + 1)
    if len(segments) != len(actions):
        segments = [(0, len(ctx.toks.tokens) - 1)] * len(actions)
    result: list[ir.Statement] = []
    for action, (first, last) in zip(actions, segments, strict=True):
        converted = _action(ctx, action, table, first, last)
        result.extend(
            converted if converted is not None else [ir.Opaque(span, "ALTER TABLE", (table,))]
        )
    return result


def _action(
    ctx: Context, action: Expr, table: ir.TableRef, first: int, last: int
) -> list[ir.Statement] | None:
    exp = ctx.exp
    span = ctx.toks.whole
    # The parts a finding points at start after ADD [COLUMN].
    while first < last and word(ctx.toks.tokens[first]) in ("ADD", "COLUMN"):
        first += 1
    if isinstance(action, exp.ColumnDef):
        name_at = ctx.token_index(action.this)
        column, parts = column_def(ctx, action, name_at if name_at is not None else first, last)
        column = ir.ColumnDef(
            column.name,
            column.type_name,
            column.not_null,
            column.has_default,
            ctx.toks.span(first, last),
            column.name_span,
            column.default_sql,
            column.constraints,
        )
        exists = bool(action.args.get("exists"))
        added: list[ir.Statement] = [ir.AddColumn(span, table, column, if_not_exists=exists)]
        return added + [index_statement(p, table, span) for p in parts]
    if isinstance(action, exp.Drop):
        return _drop(ctx, action, table)
    if isinstance(action, exp.DropPrimaryKey):
        return [ir.DropConstraint(span, table, "PRIMARY", ctx.toks.span(first, last))]
    if isinstance(action, exp.ModifyColumn):
        return _modify(ctx, action, table, first, last)
    if isinstance(action, exp.AlterColumn):
        return _alter_column(ctx, action, table)
    if isinstance(action, exp.AddConstraint):
        result: list[ir.Statement] = []
        for element in action.expressions:
            part = table_element(ctx, element, first, last)
            if part is None:
                return None
            if isinstance(part, IndexPart):
                result.append(index_statement(part, table, span))
            else:
                result.append(ir.AddConstraint(span, table, part))
        return result
    if isinstance(action, exp.AlterRename):
        return [ir.RenameTable(span, table, name_of(action.this))]
    if isinstance(action, exp.RenameColumn):
        old = action.this
        return [
            ir.RenameColumn(
                span,
                table,
                name_of(old),
                name_of(action.args["to"]),
                ctx.span_of(old.this if isinstance(old, exp.Column) else old),
            )
        ]
    if isinstance(action, exp.RenameIndex):
        return [
            ir.RenameIndex(
                span, table.schema, name_of(action.this), name_of(action.args["to"]), table=table
            )
        ]
    return None


def _drop(ctx: Context, action: Expr, table: ir.TableRef) -> list[ir.Statement] | None:
    span = ctx.toks.whole
    kind = str(action.args.get("kind") or "").upper()
    exists = bool(action.args.get("exists"))
    result: list[ir.Statement] = []
    for target in action.args.get("tables") or []:
        identifier = target.this
        name = name_of(identifier)
        if kind == "COLUMN":
            result.append(ir.DropColumn(span, table, name, ctx.span_of(identifier), exists))
        elif kind in ("INDEX", "KEY"):
            result.append(ir.DropIndex(span, ((table.schema, name),), exists, table=table))
        elif kind in ("FOREIGN KEY", "CONSTRAINT", "CHECK"):
            result.append(ir.DropConstraint(span, table, name, ctx.span_of(identifier), exists))
        else:
            return None
    return result


def _modify(
    ctx: Context, action: Expr, table: ir.TableRef, first: int, last: int
) -> list[ir.Statement]:
    """MODIFY / CHANGE replace the whole column definition: type, nullability and default."""
    span = ctx.toks.whole
    definition = action.this
    name_at = ctx.token_index(definition.this)
    column, parts = column_def(ctx, definition, name_at if name_at is not None else first, last)
    result: list[ir.Statement] = []
    rename_from = action.args.get("rename_from")
    if rename_from is not None and name_of(rename_from) != column.name:
        result.append(
            ir.RenameColumn(
                span, table, name_of(rename_from), column.name, ctx.span_of(rename_from)
            )
        )
    at = column.name_span
    result.append(ir.AlterColumnType(span, table, column.name, column.type_name, at))
    nullability = ir.SetNotNull if column.not_null else ir.DropNotNull
    result.append(nullability(span, table, column.name, at))
    if column.has_default:
        default = column.default_sql or "auto_increment"
        result.append(ir.SetDefault(span, table, column.name, default, at))
    else:
        result.append(ir.DropDefault(span, table, column.name, at))
    for constraint in column.constraints:
        result.append(ir.AddConstraint(span, table, constraint))
    result.extend(index_statement(p, table, span) for p in parts)
    return result


def _alter_column(ctx: Context, action: Expr, table: ir.TableRef) -> list[ir.Statement] | None:
    span = ctx.toks.whole
    name = name_of(action.this)
    at = ctx.span_of(action.this)
    if action.args.get("drop"):
        return [ir.DropDefault(span, table, name, at)]
    if action.args.get("default") is not None:
        return [ir.SetDefault(span, table, name, ctx.sql(action.args["default"]), at)]
    allow_null = action.args.get("allow_null")
    if allow_null is not None:
        change = ir.DropNotNull if allow_null else ir.SetNotNull
        return [change(span, table, name, at)]
    if action.args.get("dtype") is not None:
        type_name = ctx.sql(action.args["dtype"]).lower()
        return [ir.AlterColumnType(span, table, name, type_name, at)]
    return None
