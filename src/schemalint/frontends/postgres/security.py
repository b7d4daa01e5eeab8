"""Privileges, function attributes, views and extensions: GRANT/REVOKE, ALTER DEFAULT
PRIVILEGES, ALTER FUNCTION, DROP FUNCTION, CREATE VIEW and ALTER VIEW, foreign tables,
CREATE/ALTER/DROP EXTENSION."""

from __future__ import annotations

from schemalint import ir
from schemalint.frontends.postgres.columns import query_column_reads
from schemalint.frontends.postgres.nodes import Node, qualified, strings, table_ref, walk
from schemalint.frontends.postgres.text import Stmt

_OBJECT_CLASSES: dict[str, ir.ObjectClass] = {
    "OBJECT_TABLE": "tables",
    "OBJECT_SEQUENCE": "sequences",
    "OBJECT_FUNCTION": "functions",
    "OBJECT_PROCEDURE": "functions",
    "OBJECT_ROUTINE": "functions",
}
# Parameter modes that are not part of the signature.
_OUTPUT_MODES = frozenset({"FUNC_PARAM_OUT", "FUNC_PARAM_TABLE"})
# What PostgreSQL's parse_bool reads as true (unique prefixes of true and yes, on, 1).
_TRUE_WORDS = frozenset({"t", "tr", "tru", "true", "y", "ye", "yes", "on", "1"})
_VIEW_OBJECTS = frozenset({"OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE"})
_FUNCTION_OBJECTS = frozenset({"OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE"})


def arg_type(node: Node) -> str:
    """An argument type as signatures compare it: the type's own name (``int4``, ``tag``:
    ``pg_catalog.`` and a user type's schema left out, so ``f(public.tag)`` and ``f(tag)``
    name one function), typmods dropped (PostgreSQL ignores them), arrays as ``[]``."""
    names = strings(node.get("names"))
    return (names[-1] if names else "?") + "[]" * len(node.get("arrayBounds") or ())


def signature(parameters: list[Node] | None) -> tuple[str, ...]:
    """The input argument types of a parameter list (``OUT`` and ``TABLE`` columns left out)."""
    out = []
    for item in parameters or ():
        parameter = item.get("FunctionParameter", {})
        if parameter.get("mode") not in _OUTPUT_MODES:
            out.append(arg_type(parameter.get("argType", {})))
    return tuple(out)


def function_ref(node: Node, stmt: Stmt) -> ir.FunctionRef:
    """An ``ObjectWithArgs`` (the parser gives it no position: its span is the statement's)."""
    schema, name = qualified(strings(node.get("objname")))
    if node.get("args_unspecified"):
        return ir.FunctionRef(schema, name, None, stmt.span)
    if "objfuncargs" in node:
        return ir.FunctionRef(schema, name, signature(node["objfuncargs"]), stmt.span)
    args = tuple(arg_type(a.get("TypeName", {})) for a in node.get("objargs", ()))
    return ir.FunctionRef(schema, name, args, stmt.span)


def _grantees(nodes: list[Node] | None) -> tuple[str, ...]:
    out = []
    for item in nodes or ():
        role = item.get("RoleSpec", {})
        if role.get("roletype") == "ROLESPEC_PUBLIC":
            out.append("public")
        elif role.get("roletype") == "ROLESPEC_CSTRING":
            out.append(str(role.get("rolename", "")))
    return tuple(out)


def _privileges(nodes: list[Node] | None) -> tuple[str, ...] | None:
    """Privilege names (``()`` for ALL); ``None`` when only column privileges are named."""
    if not nodes:
        return ()
    names = [
        str(p["AccessPriv"].get("priv_name", "all")).lower()
        for p in nodes
        if "AccessPriv" in p and not p["AccessPriv"].get("cols")
    ]
    return tuple(names) if names else None


def grant(node: Node, stmt: Stmt) -> list[ir.Statement]:
    object_class = _OBJECT_CLASSES.get(node.get("objtype", ""))
    privileges = _privileges(node.get("privileges"))
    is_grant = bool(node.get("is_grant"))
    if object_class is None or privileges is None or (not is_grant and node.get("grant_option")):
        return [ir.Opaque(stmt.span, "GrantStmt")]
    grantees = _grantees(node.get("grantees"))
    objects = node.get("objects", ())
    if node.get("targtype") == "ACL_TARGET_ALL_IN_SCHEMA":
        schemas = strings(list(objects))
        return [
            ir.Privileges(
                stmt.span, is_grant, object_class, privileges, grantees, all_in_schemas=schemas
            )
        ]
    if object_class == "functions":
        functions = tuple(function_ref(o.get("ObjectWithArgs", {}), stmt) for o in objects)
        return [
            ir.Privileges(
                stmt.span, is_grant, object_class, privileges, grantees, functions=functions
            )
        ]
    relations = tuple(table_ref(stmt, o["RangeVar"]) for o in objects if "RangeVar" in o)
    return [
        ir.Privileges(stmt.span, is_grant, object_class, privileges, grantees, relations=relations)
    ]


def alter_default_privileges(node: Node, stmt: Stmt) -> list[ir.Statement]:
    action = node.get("action", {})
    object_class = _OBJECT_CLASSES.get(action.get("objtype", ""))
    privileges = _privileges(action.get("privileges"))
    is_grant = bool(action.get("is_grant"))
    if object_class is None or privileges is None or (not is_grant and action.get("grant_option")):
        return [ir.Opaque(stmt.span, "AlterDefaultPrivilegesStmt")]
    roles: tuple[str, ...] = ()
    schemas: tuple[str, ...] = ()
    for option in node.get("options", ()):
        element = option.get("DefElem", {})
        items = element.get("arg", {}).get("List", {}).get("items")
        if element.get("defname") == "roles":
            roles = _grantees(items)
        elif element.get("defname") == "schemas":
            schemas = strings(items)
    grantees = _grantees(action.get("grantees"))
    return [
        ir.AlterDefaultPrivileges(
            stmt.span, is_grant, object_class, privileges, grantees, roles, schemas
        )
    ]


def alter_function(node: Node, stmt: Stmt) -> list[ir.Statement]:
    function = function_ref(node.get("func", {}), stmt)
    search_path: bool | None = None
    security: bool | None = None
    for action in node.get("actions", ()):
        element = action.get("DefElem", {})
        name = element.get("defname")
        arg = element.get("arg", {})
        if name == "security":
            security = bool(arg.get("Boolean", {}).get("boolval", False))
        elif name == "set":
            setting = arg.get("VariableSetStmt", {})
            kind = setting.get("kind")
            if kind == "VAR_RESET_ALL":
                search_path = False
            elif setting.get("name") == "search_path":
                search_path = kind in ("VAR_SET_VALUE", "VAR_SET_CURRENT")
    if search_path is None and security is None:
        return [ir.Opaque(stmt.span, "AlterFunctionStmt")]
    return [ir.AlterFunction(stmt.span, function, search_path, security)]


def function_options(node: Node) -> tuple[bool, bool]:
    """(``SECURITY DEFINER``, ``SET search_path``) of a CREATE FUNCTION's options."""
    definer = False
    search_path = False
    for option in node.get("options", ()):
        element = option.get("DefElem", {})
        arg = element.get("arg", {})
        if element.get("defname") == "security":
            definer = bool(arg.get("Boolean", {}).get("boolval", False))
        elif element.get("defname") == "set":
            setting = arg.get("VariableSetStmt", {})
            if setting.get("name") == "search_path":
                search_path = setting.get("kind") in ("VAR_SET_VALUE", "VAR_SET_CURRENT")
    return definer, search_path


def rename_function(node: Node, stmt: Stmt) -> ir.Statement:
    function = function_ref(node.get("object", {}).get("ObjectWithArgs", {}), stmt)
    return ir.AlterFunction(stmt.span, function, new_name=node.get("newname", ""))


def function_schema(node: Node, stmt: Stmt) -> ir.Statement:
    function = function_ref(node.get("object", {}).get("ObjectWithArgs", {}), stmt)
    return ir.AlterFunction(stmt.span, function, new_schema=node.get("newschema", ""))


def drop_objects(node: Node, stmt: Stmt) -> ir.Statement | None:
    """DROP of functions, views, foreign tables or extensions; ``None`` for other objects."""
    kind = node.get("removeType")
    objects = node.get("objects", ())
    if_exists = bool(node.get("missing_ok"))
    if kind in _FUNCTION_OBJECTS:
        functions = tuple(function_ref(o.get("ObjectWithArgs", {}), stmt) for o in objects)
        return ir.DropFunction(stmt.span, functions, if_exists)
    if kind in _VIEW_OBJECTS:
        names = [qualified(strings(o.get("List", {}).get("items"))) for o in objects]
        views = tuple(ir.TableRef(schema, name, stmt.span) for schema, name in names)
        return ir.DropView(stmt.span, views, if_exists)
    if kind == "OBJECT_EXTENSION":
        return ir.DropExtension(stmt.span, strings(list(objects)))
    return None


def create_view(node: Node, stmt: Stmt) -> list[ir.Statement]:
    view = table_ref(stmt, node.get("view", {}), exact=True)
    invoker = _security_invoker(node.get("options"))
    return [
        ir.CreateView(
            stmt.span,
            view,
            "view",
            replace=bool(node.get("replace")),
            security_invoker=bool(invoker),
            reads=relations_read(node.get("query")),
            columns=query_column_reads(node.get("query")),
        )
    ]


def create_materialized_view(node: Node, stmt: Stmt) -> list[ir.Statement]:
    view = table_ref(stmt, node.get("into", {}).get("rel", {}), exact=True)
    return [
        ir.CreateView(
            stmt.span,
            view,
            "materialized view",
            if_not_exists=bool(node.get("if_not_exists")),
            reads=relations_read(node.get("query")),
            columns=query_column_reads(node.get("query")),
        )
    ]


def view_options(node: Node, stmt: Stmt) -> list[ir.Statement]:
    """ALTER VIEW ... SET/RESET (security_invoker); other view changes are Opaque."""
    view = table_ref(stmt, node.get("relation", {}))
    out: list[ir.Statement] = []
    for command in node.get("cmds", ()):
        cmd = command.get("AlterTableCmd", {})
        items = cmd.get("def", {}).get("List", {}).get("items")
        subtype = cmd.get("subtype")
        invoker = _security_invoker(items)
        if subtype == "AT_SetRelOptions" and invoker is not None:
            out.append(ir.SetViewOptions(stmt.span, view, invoker))
        elif subtype == "AT_ResetRelOptions" and invoker is not None:
            out.append(ir.SetViewOptions(stmt.span, view, False))
        else:
            out.append(ir.Opaque(stmt.span, str(subtype or "AlterTableCmd")))
    return out


def _security_invoker(options: list[Node] | None) -> bool | None:
    """The ``security_invoker`` reloption's value in a list, ``None`` when absent."""
    for option in options or ():
        element = option.get("DefElem", {})
        if element.get("defname") != "security_invoker":
            continue
        arg = element.get("arg")
        if arg is None:
            return True  # WITH (security_invoker) and RESET (security_invoker) alike
        value = arg.get("String", {}).get("sval")
        if value is None and "Integer" in arg:
            value = str(arg["Integer"].get("ival", 0))
        if value is None and "TypeName" in arg:  # a bare word: yes, on
            value = ".".join(strings(arg["TypeName"].get("names")))
        if value is None and "Boolean" in arg:
            value = "true" if arg["Boolean"].get("boolval") else "false"
        return str(value).lower() in _TRUE_WORDS
    return None


def relations_read(query: Node | None) -> tuple[tuple[str | None, str], ...]:
    """The relations a query reads anywhere in it, as written, minus its own CTE names."""
    ctes: set[str] = set()
    found: dict[tuple[str | None, str], None] = {}
    for key, value in walk(query):
        if key == "CommonTableExpr":
            ctes.add(str(value.get("ctename", "")))
        elif key == "RangeVar":
            found.setdefault((value.get("schemaname"), str(value.get("relname", ""))), None)
    return tuple(r for r in found if r[0] is not None or r[1] not in ctes)


def create_foreign_table(node: Node, stmt: Stmt) -> list[ir.Statement]:
    base = node.get("base", {})
    table = table_ref(stmt, base.get("relation", {}), exact=True)
    return [ir.CreateForeignTable(stmt.span, table, bool(base.get("if_not_exists")))]
