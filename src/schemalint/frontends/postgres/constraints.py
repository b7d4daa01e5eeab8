"""Table constraints (PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK, EXCLUDE) and where they end."""

from __future__ import annotations

from schemalint import ir
from schemalint.frontends.postgres.columns import column_references
from schemalint.frontends.postgres.nodes import Node, strings, table_ref
from schemalint.frontends.postgres.plain import Plain
from schemalint.frontends.postgres.text import Stmt, Tokens, name_end
from schemalint.source import Span

KINDS: dict[str, ir.ConstraintKind] = {
    "CONSTR_PRIMARY": "primary_key",
    "CONSTR_UNIQUE": "unique",
    "CONSTR_FOREIGN": "foreign_key",
    "CONSTR_CHECK": "check",
    "CONSTR_EXCLUSION": "exclude",
}
_ACTIONS = {"r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}


def element_end(stmt: Stmt, start: int, tokens: Tokens | None = None) -> int:
    """The end offset of the list element (column, constraint, sub-command) at ``start``."""
    tokens = stmt.tokens if tokens is None else tokens
    first = tokens.at(start)
    stop = tokens.element_end(first)
    return tokens.ends[stop - 1] if stop > first else stmt.end


def constraint_def(
    node: Node, stmt: Stmt, table: ir.TableRef, stretch: Plain | None = None
) -> ir.ConstraintDef | None:
    """A table constraint of ``table`` (CREATE TABLE element or ALTER TABLE ... ADD);
    ``stretch``: its text when it holds no comment (its end found without the scanner)."""
    start = stmt.loc(node)
    if stmt.context:
        end = stmt.end
    elif stretch is not None:
        end = stretch.end
    else:
        end = element_end(stmt, start)
    contype = node.get("contype", "")
    if contype == "CONSTR_FOREIGN":
        columns = strings(node.get("fk_attrs"))
    elif contype == "CONSTR_EXCLUSION":
        columns = tuple(
            pair["List"]["items"][0].get("IndexElem", {}).get("name") or ""
            for pair in node.get("exclusions", ())
        )
    else:
        columns = strings(node.get("keys"))
    return constraint(node, stmt, table, start, end, columns, stretch)


def constraint(
    node: Node,
    stmt: Stmt,
    table: ir.TableRef,
    start: int,
    end: int,
    columns: tuple[str, ...],
    stretch: Plain | None = None,
) -> ir.ConstraintDef | None:
    """The constraint ``node`` from ``start`` to ``end``; ``stretch``: the text around it
    when that holds no comment (else the scanner locates its parts)."""
    kind = KINDS.get(node.get("contype", ""))
    if kind is None:
        return None
    references = _foreign_key_ref(node, stmt, stretch) if kind == "foreign_key" else None
    return ir.ConstraintDef(
        kind=kind,
        name=node.get("conname"),
        columns=columns,
        span=stmt.piece.span(start, end),
        references=references,
        using_index=node.get("indexname"),
        not_valid=bool(node.get("skip_validation")),
        # A CHECK's columns are those its expression reads (PostgreSQL's conkey): they name
        # it and decide which DROP COLUMN takes it along.
        reads=column_references((node.get("raw_expr"),), table.schema, table.name)
        if kind == "check"
        else (),
        not_null_columns=_proved_not_null(node.get("raw_expr")) if kind == "check" else (),
    )


def _proved_not_null(expression: Node | None) -> tuple[str, ...]:
    """The columns a CHECK expression proves non-null: its top-level ``AND`` conjuncts of the
    form ``column IS NOT NULL`` (what PostgreSQL's implication test sees without effort)."""
    if not expression:
        return ()
    boolean = expression.get("BoolExpr")
    if boolean is not None and boolean.get("boolop") == "AND_EXPR":
        return tuple(
            name for argument in boolean.get("args", ()) for name in _proved_not_null(argument)
        )
    test = expression.get("NullTest")
    if test is None or test.get("nulltesttype") != "IS_NOT_NULL":
        return ()
    fields = test.get("arg", {}).get("ColumnRef", {}).get("fields", ())
    if len(fields) != 1 or "String" not in fields[0]:
        return ()
    return (fields[0]["String"]["sval"],)


def _foreign_key_ref(node: Node, stmt: Stmt, stretch: Plain | None) -> ir.ForeignKeyRef:
    pktable = node.get("pktable", {})
    return ir.ForeignKeyRef(
        table=table_ref(stmt, pktable),
        columns=strings(node.get("pk_attrs")),
        on_delete=_ACTIONS.get(node.get("fk_del_action", "a")),
        on_update=_ACTIONS.get(node.get("fk_upd_action", "a")),
        # The replay never reads this span: a context file's is the statement's.
        span=stmt.span if stmt.context else _references_span(pktable, stmt, stretch),
    )


def _references_span(pktable: Node, stmt: Stmt, stretch: Plain | None) -> Span:
    """``REFERENCES name (columns)``."""
    name_start = stmt.loc(pktable)
    found = None if stretch is None else _plain_references(stretch, name_start)
    if found is not None:
        return stmt.piece.span(*found)
    tokens = stmt.tokens
    keyword = tokens.at(name_start) - 1
    start = (
        tokens.starts[keyword]
        if keyword >= 0 and tokens.names[keyword] == "REFERENCES"
        else name_start
    )
    end = name_end(stmt.piece.text, name_start)
    after = tokens.at(end)
    if after < len(tokens) and tokens.names[after] == "ASCII_40":
        end = tokens.ends[tokens.matching(after)]
    return stmt.piece.span(start, end)


def _plain_references(stretch: Plain, name_start: int) -> tuple[int, int] | None:
    """``_references_span`` in comment-free text, or ``None`` where the scanner must say."""
    start = stretch.keyword_before(name_start, "REFERENCES")
    if start is None:
        return None
    end = name_end(stretch.text, name_start)
    after = stretch.start_after(end)
    if after < stretch.end and stretch.text[after] == "(":
        return None if (closing := stretch.names_end(after)) is None else (start, closing)
    return start, end
