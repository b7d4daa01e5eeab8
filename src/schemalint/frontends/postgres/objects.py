"""Indexes, DROP, policies, schemas, search_path, triggers and data statements."""

from __future__ import annotations

from types import MappingProxyType

from schemalint import ir
from schemalint.frontends.postgres.columns import column_reads, column_references
from schemalint.frontends.postgres.nodes import Node, qualified, strings, table_ref
from schemalint.frontends.postgres.policy_facts import clause_facts
from schemalint.frontends.postgres.policy_text import PolicyText
from schemalint.frontends.postgres.security import drop_objects
from schemalint.frontends.postgres.text import Stmt, name_end
from schemalint.source import Span

_DEFAULT_SEARCH_PATH = ("$user", "public")
_ROLE_KEYWORDS = {
    "ROLESPEC_PUBLIC": "public",
    "ROLESPEC_CURRENT_USER": "current_user",
    "ROLESPEC_SESSION_USER": "session_user",
    "ROLESPEC_CURRENT_ROLE": "current_role",
}


# Where each statement that makes a relation the catalog does not model names it.
_CREATED = MappingProxyType(
    {
        "ViewStmt": ("view",),
        "CreateSeqStmt": ("sequence",),
        "CreateForeignTableStmt": ("base", "relation"),
        "CreateTableAsStmt": ("into", "rel"),
        "CreateStmt": ("relation",),
    }
)


def opaque(kind: str, node: Node, stmt: Stmt) -> ir.Opaque:
    """A statement the IR does not model, with the relation it makes, if any."""
    path = _CREATED.get(kind)
    if path is None:
        return ir.Opaque(stmt.span, kind)
    rangevar = node
    for key in path:
        rangevar = rangevar.get(key, {})
    if not rangevar.get("relname"):
        return ir.Opaque(stmt.span, kind)
    ref = table_ref(stmt, rangevar)
    if rangevar.get("relpersistence") == "t":
        ref = ir.TableRef("pg_temp", ref.name, ref.span)
    return ir.Opaque(stmt.span, kind, creates=(ref,))


def create_extension(node: Node, stmt: Stmt) -> list[ir.Statement]:
    options = {o["DefElem"].get("defname"): o["DefElem"] for o in node.get("options", ())}
    schema = options.get("schema", {}).get("arg", {}).get("String", {}).get("sval")
    return [ir.CreateExtension(stmt.span, node.get("extname", ""), schema)]


def create_index(node: Node, stmt: Stmt) -> list[ir.Statement]:
    elements = [elem.get("IndexElem", {}) for elem in node.get("indexParams", ())]
    columns = tuple(elem.get("name") or _plain_column(elem.get("expr")) for elem in elements)
    table = table_ref(stmt, node.get("relation", {}))
    included = (e.get("IndexElem", {}).get("name") for e in node.get("indexIncludingParams", ()))
    return [
        ir.CreateIndex(
            stmt.span,
            name=node.get("idxname"),
            table=table,
            columns=columns,
            unique=bool(node.get("unique")),
            partial="whereClause" in node,
            concurrently=bool(node.get("concurrent")),
            if_not_exists=bool(node.get("if_not_exists")),
            method=node.get("accessMethod", "btree"),
            expression_columns=column_references(
                (e.get("expr") for e in elements), table.schema, table.name
            ),
            predicate_columns=column_references(
                (node.get("whereClause"),), table.schema, table.name
            ),
            include_columns=tuple(name for name in included if name),
            not_null_predicate=_not_null_tests(node.get("whereClause"), table),
            key_names=_key_names(node, columns),
            only=not node.get("relation", {}).get("inh", False),
        )
    ]


def _key_names(node: Node, columns: tuple[str | None, ...]) -> tuple[str, ...]:
    """``ir.CreateIndex.key_names``: only where they are not just ``columns``."""
    including = node.get("indexIncludingParams", ())
    if None not in columns and not including:
        return ()
    params = (*node.get("indexParams", ()), *including)
    return tuple(index_key_name(p.get("IndexElem", {})) for p in params)


def _plain_column(expr: Node | None) -> str | None:
    """``((a))`` or ``(a COLLATE "C")``: PostgreSQL keys the index on the column itself."""
    while expr and "CollateClause" in expr:
        expr = expr["CollateClause"].get("arg")
    fields = strings(expr["ColumnRef"].get("fields")) if expr and "ColumnRef" in expr else ()
    return fields[-1] if len(fields) == 1 else None


def index_key_name(element: Node) -> str:
    """The name PostgreSQL gives an index column (FigureIndexColname): the column's, or for an
    expression what the expression is called, else ``expr``."""
    if element.get("indexcolname"):
        return str(element["indexcolname"])
    if element.get("name"):
        return str(element["name"])
    column = _plain_column(element.get("expr"))
    if column is not None:
        return column
    name, _ = _figure_name(element.get("expr"))
    return name or "expr"


_CALLED = {"CoalesceExpr": "coalesce", "GroupingFunc": "grouping"}
_WEAK = {"A_ArrayExpr": "array", "RowExpr": "row"}


def _figure_name(node: Node | None) -> tuple[str | None, int]:
    """PostgreSQL's FigureColnameInternal: a name for an expression and how sure it is
    (2: a column or function name, 1: a fallback like a type name, 0: none)."""
    if not node:
        return None, 0
    kind, inner = next(iter(node.items()))
    if kind == "ColumnRef":
        fields = strings(inner.get("fields"))
        return (fields[-1], 2) if fields else (None, 0)
    if kind == "FuncCall":
        return strings(inner.get("funcname"))[-1], 2
    if kind == "A_Expr" and inner.get("kind") == "AEXPR_NULLIF":
        return "nullif", 2
    if kind == "TypeCast":
        name, strength = _figure_name(inner.get("arg"))
        if strength > 1:
            return name, strength
        names = strings(inner.get("typeName", {}).get("names"))
        return (names[-1], 1) if names else (name, strength)
    if kind == "CollateClause":
        return _figure_name(inner.get("arg"))
    if kind == "A_Indirection":
        names = strings(inner.get("indirection"))
        return (names[-1], 2) if names else _figure_name(inner.get("arg"))
    if kind in _CALLED:
        return _CALLED[kind], 2
    if kind == "MinMaxExpr":
        return ("greatest" if inner.get("op") == "IS_GREATEST" else "least"), 2
    if kind == "CaseExpr":
        name, strength = _figure_name(inner.get("defresult"))
        return (name, strength) if strength > 1 else ("case", 1)
    if kind in _WEAK:
        return _WEAK[kind], 1
    if kind == "SubLink":
        sublink = inner.get("subLinkType")
        if sublink == "EXISTS_SUBLINK":
            return "exists", 2
        if sublink == "ARRAY_SUBLINK":
            return "array", 2
    return None, 0


def _not_null_tests(where: Node | None, table: ir.TableRef) -> tuple[str, ...]:
    """The columns of ``where`` when it is exactly ``col IS NOT NULL [AND col IS NOT NULL]...``."""
    if where is None:
        return ()
    tests = where["BoolExpr"].get("args", ()) if "BoolExpr" in where else [where]
    if "BoolExpr" in where and where["BoolExpr"].get("boolop") != "AND_EXPR":
        return ()
    columns: list[str] = []
    for test in tests:
        null_test = test.get("NullTest", {})
        raw = null_test.get("arg", {}).get("ColumnRef", {}).get("fields", ())
        fields = strings(raw)
        if null_test.get("nulltesttype") != "IS_NOT_NULL" or not fields or len(fields) < len(raw):
            return ()
        # A qualified name must name the indexed table (`c.pid`, `public.c.pid`).
        if len(fields) > 1 and fields[-2] != table.name:
            return ()
        columns.append(fields[-1])
    return tuple(columns)


def drop(node: Node, stmt: Stmt) -> list[ir.Statement]:
    kind = node.get("removeType")
    objects = node.get("objects", ())
    if_exists = bool(node.get("missing_ok"))
    cascade = node.get("behavior") == "DROP_CASCADE"
    if kind == "OBJECT_TABLE":
        names = [strings(o.get("List", {}).get("items")) for o in objects]
        spans = _drop_name_spans(stmt, len(names))
        tables = tuple(
            ir.TableRef(*qualified(n), span) for n, span in zip(names, spans, strict=True)
        )
        return [ir.DropTable(stmt.span, tables, if_exists=if_exists, cascade=cascade)]
    if kind == "OBJECT_INDEX":
        indexes = tuple(qualified(strings(o.get("List", {}).get("items"))) for o in objects)
        concurrently = bool(node.get("concurrent"))
        return [ir.DropIndex(stmt.span, indexes, if_exists, concurrently)]
    if kind == "OBJECT_SCHEMA":
        schemas = strings(list(objects))
        return [ir.DropSchema(stmt.span, schemas, if_exists=if_exists, cascade=cascade)]
    other = drop_objects(node, stmt)
    if isinstance(other, ir.DropView):
        spans = _drop_name_spans(stmt, len(other.views))
        views = tuple(
            ir.TableRef(v.schema, v.name, span) for v, span in zip(other.views, spans, strict=True)
        )
        return [ir.DropView(stmt.span, views, other.if_exists)]
    if other is not None:
        return [other]
    path = strings(objects[0].get("List", {}).get("items")) if len(objects) == 1 else ()
    if kind in ("OBJECT_POLICY", "OBJECT_TRIGGER") and len(path) > 1:
        table = _table_after_on(stmt, path[:-1])
        if kind == "OBJECT_POLICY":
            return [ir.DropPolicy(stmt.span, table, path[-1], if_exists=if_exists)]
        return [ir.DropTrigger(stmt.span, table, path[-1], if_exists=if_exists)]
    return [ir.Opaque(stmt.span, "DropStmt")]


def _drop_name_spans(stmt: Stmt, count: int) -> list[Span]:
    if stmt.context:
        return [stmt.span] * count
    tokens = stmt.tokens
    words = (("DROP",), ("MATERIALIZED",), ("FOREIGN",), ("TABLE",), ("VIEW",), ("IF_P", "EXISTS"))
    first = tokens.skip(0, *words)
    stop = len(tokens)
    if stop and tokens.names[-1] in ("CASCADE", "RESTRICT"):
        stop -= 1
    parts = tokens.split(first, stop)
    if len(parts) != count:
        return [stmt.span] * count
    return [stmt.tokens_span(a, b - 1) for a, b in parts]


def _table_after_on(stmt: Stmt, names: tuple[str, ...]) -> ir.TableRef:
    schema, name = qualified(names)
    if stmt.context:
        return ir.TableRef(schema, name, stmt.span)
    tokens = stmt.tokens
    on = tokens.find(("ON",), 0, len(tokens))
    if on < 0 or on + 1 >= len(tokens):
        return ir.TableRef(schema, name, stmt.span)
    start = tokens.starts[on + 1]
    return ir.TableRef(schema, name, stmt.piece.span(start, name_end(stmt.piece.text, start)))


_CLAUSE_WORDS = MappingProxyType({"qual": ("USING",), "with_check": ("WITH", "CHECK")})


def create_policy(node: Node, stmt: Stmt) -> list[ir.Statement]:
    text = PolicyText(stmt)
    name = text.name()
    roles = _roles(node.get("roles"))
    table = table_ref(stmt, node.get("table", {}))
    using, with_check = _clauses(node, stmt, text, table)
    return [
        ir.CreatePolicy(
            stmt.span,
            table=table,
            name=node.get("policy_name", ""),
            name_span=stmt.span if name is None else stmt.piece.span(*name),
            command=node.get("cmd_name", "all"),
            roles=roles if roles is not None else ("public",),
            using=using,
            with_check=with_check,
            permissive=bool(node.get("permissive")),
        )
    ]


def alter_policy(node: Node, stmt: Stmt) -> list[ir.Statement]:
    table = table_ref(stmt, node.get("table", {}))
    using, with_check = _clauses(node, stmt, PolicyText(stmt), table)
    return [
        ir.AlterPolicy(
            stmt.span,
            table=table,
            name=node.get("policy_name", ""),
            roles=_roles(node.get("roles")),
            using=using,
            with_check=with_check,
        )
    ]


def _clauses(
    node: Node, stmt: Stmt, text: PolicyText, table: ir.TableRef
) -> tuple[ir.PolicyClause | None, ir.PolicyClause | None]:
    """A policy's USING and WITH CHECK clauses (``None`` when absent)."""
    clauses: list[ir.PolicyClause | None] = []
    start = stmt.loc(node.get("table", {}))
    for key, words in _CLAUSE_WORDS.items():
        found = text.clause(start, words) if key in node else None
        if found is None:
            clauses.append(None)
        else:
            first, end = found
            columns, reads = column_reads((node[key],), table.schema, table.name)
            facts = clause_facts(node[key], text, first, end)
            clauses.append(ir.PolicyClause(stmt.sql(first, end), columns, reads, facts))
    return clauses[0], clauses[1]


def _roles(nodes: list[Node] | None) -> tuple[str, ...] | None:
    if not nodes:
        return None
    roles = []
    for node in nodes:
        spec = node.get("RoleSpec", {})
        kind = spec.get("roletype", "")
        roles.append(
            spec.get("rolename", "")
            if kind == "ROLESPEC_CSTRING"
            else _ROLE_KEYWORDS.get(kind, kind)
        )
    return tuple(roles)


def create_schema(node: Node, stmt: Stmt) -> list[ir.Statement]:
    name = node.get("schemaname") or node.get("authrole", {}).get("rolename", "")
    return [ir.CreateSchema(stmt.span, name, if_not_exists=bool(node.get("if_not_exists")))]


def set_variable(node: Node, stmt: Stmt) -> list[ir.Statement]:
    kind = node.get("kind")
    if kind == "VAR_RESET_ALL":
        return [ir.SetLockTimeout(stmt.span, None)]
    if node.get("name") == "lock_timeout":
        return [_lock_timeout(node, stmt)]
    if node.get("name") != "search_path":
        return [ir.Opaque(stmt.span, "VariableSetStmt")]
    kind = node.get("kind")
    if kind in ("VAR_SET_DEFAULT", "VAR_RESET"):
        return [ir.SetSearchPath(stmt.span, _DEFAULT_SEARCH_PATH)]
    if kind != "VAR_SET_VALUE":
        return [ir.Opaque(stmt.span, "VariableSetStmt")]
    values = [_string_constant(arg) for arg in node.get("args", ())]
    return [ir.SetSearchPath(stmt.span, tuple(v for v in values if v))]


def _lock_timeout(node: Node, stmt: Stmt) -> ir.Statement:
    """``SET [LOCAL] lock_timeout ...``: a value, or back to the default."""
    local = bool(node.get("is_local"))
    if node.get("kind") != "VAR_SET_VALUE":
        return ir.SetLockTimeout(stmt.span, None, local=local)
    args = node.get("args", ())
    value = _constant(args[0]) if len(args) == 1 else None
    if value is None:
        return ir.Opaque(stmt.span, "VariableSetStmt")
    return ir.SetLockTimeout(stmt.span, value, local=local)


def insert(node: Node, stmt: Stmt) -> list[ir.Statement]:
    return [*_data_ctes(node, stmt), ir.Opaque(stmt.span, "InsertStmt")]


def _data_ctes(node: Node, stmt: Stmt) -> list[ir.Statement]:
    """``WITH gone AS (DELETE ...)``: data-modifying CTEs, sharing the statement's span."""
    out: list[ir.Statement] = []
    for cte in node.get("withClause", {}).get("ctes", ()):
        query = cte.get("CommonTableExpr", {}).get("ctequery", {})
        if "DeleteStmt" in query:
            out.extend(delete(query["DeleteStmt"], stmt))
        elif "UpdateStmt" in query:
            out.extend(update(query["UpdateStmt"], stmt))
    return out


def select(node: Node, stmt: Stmt) -> list[ir.Statement]:
    """``SELECT pg_catalog.set_config('search_path', '...', false)``, as pg_dump writes it."""
    if "withClause" in node:
        return [*_data_ctes(node, stmt), ir.Opaque(stmt.span, "SelectStmt")]
    targets = node.get("targetList", ())
    if "fromClause" in node:
        return [ir.Opaque(stmt.span, "SelectStmt")]
    out: list[ir.Statement] = []
    for target in targets:
        call = target.get("ResTarget", {}).get("val", {}).get("FuncCall", {})
        args = call.get("args", ())
        if strings(call.get("funcname"))[-1:] != ("set_config",) or len(args) != 3:
            continue
        setting, value = _string_constant(args[0]), _string_constant(args[1])
        if setting == "search_path" and value is not None and len(targets) == 1:
            out.append(ir.SetSearchPath(stmt.span, _split_search_path(value)))
        elif setting == "lock_timeout" and value is not None:
            local = args[2].get("A_Const", {}).get("boolval", {}).get("boolval")
            # A NULL value resets the setting; an is_local that is not a constant is unknown.
            if "boolval" in args[2].get("A_Const", {}):
                out.append(ir.SetLockTimeout(stmt.span, value, local=bool(local)))
    return out or [ir.Opaque(stmt.span, "SelectStmt")]


def _constant(node: Node) -> str | None:
    """A constant's value as SQL would print it: a string, a number."""
    const = node.get("A_Const", {})
    for kind in ("sval", "ival", "fval"):
        if kind in const:
            return str(const[kind].get(kind, "" if kind != "ival" else 0))
    return None


def _string_constant(node: Node) -> str | None:
    const = node.get("A_Const", {})
    if "sval" in const:
        return str(const["sval"].get("sval", ""))
    return None


def _split_search_path(value: str) -> tuple[str, ...]:
    schemas = []
    for item in value.split(","):
        item = item.strip()
        if len(item) > 1 and item[0] == item[-1] == '"':
            schemas.append(item[1:-1].replace('""', '"'))
        elif item:
            schemas.append(item.lower())
    return tuple(schemas)


def create_trigger(node: Node, stmt: Stmt) -> list[ir.Statement]:
    table = table_ref(stmt, node.get("relation", {}))
    function = ".".join(strings(node.get("funcname")))
    return [ir.CreateTrigger(stmt.span, table, node.get("trigname", ""), function)]


def update(node: Node, stmt: Stmt) -> list[ir.Statement]:
    names = (t.get("ResTarget", {}).get("name", "") for t in node.get("targetList", ()))
    columns = tuple(dict.fromkeys(names))
    table = table_ref(stmt, node.get("relation", {}))
    main = ir.Update(stmt.span, table, columns, has_where="whereClause" in node)
    return [*_data_ctes(node, stmt), main]


def delete(node: Node, stmt: Stmt) -> list[ir.Statement]:
    relation = node.get("relation", {})
    table = table_ref(stmt, relation)
    tokens = stmt.tokens
    name_start = stmt.loc(relation)
    after = tokens.at(name_end(stmt.piece.text, name_start))
    head_end = name_end(stmt.piece.text, name_start)
    if "alias" in relation and after < len(tokens):
        alias = after + 1 if tokens.names[after] == "AS" else after
        head_end = tokens.ends[min(alias, len(tokens) - 1)]
        after = alias + 1
    keyword = tokens.at(name_start) - 1
    while keyword > 0 and tokens.names[keyword] != "DELETE_P":
        keyword -= 1
    head = stmt.piece.span(tokens.starts[max(keyword, 0)], head_end) if len(tokens) else None
    where_sql = None
    if "whereClause" in node:
        where = tokens.find(("WHERE",), after, len(tokens))
        stop = tokens.find(("RETURNING",), where + 1, len(tokens)) if where >= 0 else -1
        if where >= 0:
            last = (stop if stop >= 0 else len(tokens)) - 1
            where_sql = stmt.tokens_sql(where + 1, last)
    main = ir.Delete(
        stmt.span, table, has_where="whereClause" in node, head_span=head, where_sql=where_sql
    )
    return [*_data_ctes(node, stmt), main]


def truncate(node: Node, stmt: Stmt) -> list[ir.Statement]:
    tables = tuple(
        table_ref(stmt, r["RangeVar"]) for r in node.get("relations", ()) if "RangeVar" in r
    )
    return [ir.Truncate(stmt.span, tables)]
