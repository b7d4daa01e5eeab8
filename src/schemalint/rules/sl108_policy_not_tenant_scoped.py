"""SL108 policy-not-tenant-scoped: an RLS policy that lets every tenant's rows through."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from schemalint.catalog.model import Policy, Table
from schemalint.findings import Severity
from schemalint.frozen import frozen
from schemalint.rules._naming import backticked, fold, listed, table_label
from schemalint.rules._tenancy import function_matches, tenant_columns, tenant_roots
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule

# Roles that bypass row level security anyway: a policy only for them isolates nothing, by
# design.
_BYPASSING_ROLES = frozenset({"service_role", "postgres", "supabase_admin"})


class PolicyNotTenantScopedOptions(RuleOptions):
    # Functions that return the caller's tenants: a policy calling one is scoped by it.
    membership_functions: tuple[str, ...] = ()
    # The functions that return the current user: a policy comparing a column of its table
    # with one of them keeps each row to its owner.
    user_functions: tuple[str, ...] = ("auth.uid",)
    # Tables whose policies are not judged, as ``name`` or ``schema.name``.
    exempt: tuple[str, ...] = ()


@frozen
class Expression:
    """What SL108 reads of a policy expression.

    ``calls``: the functions it calls, as written (``auth.uid``). ``compared``: per column
    (``(qualifier or "", name)``) compared with ``=`` to a function call (directly, cast, or
    as ``(SELECT f())``) in the expression's top-level ``AND`` chain, those calls' names.
    """

    calls: frozenset[str]
    compared: tuple[tuple[tuple[str, str], str], ...]


def _strings(items: Any) -> list[str]:
    return [
        item.get("String", {}).get("sval", "") for item in items or () if isinstance(item, dict)
    ]


def _call(node: Any) -> str | None:
    """The function ``node`` calls, if it is a call, a cast of one, or ``(SELECT call)``."""
    while isinstance(node, dict):
        if "FuncCall" in node:
            return ".".join(_strings(node["FuncCall"].get("funcname")))
        if "TypeCast" in node:
            node = node["TypeCast"].get("arg")
        elif "SubLink" in node and node["SubLink"].get("subLinkType") == "EXPR_SUBLINK":
            select = node["SubLink"].get("subselect", {}).get("SelectStmt", {})
            targets = select.get("targetList", ())
            if len(targets) != 1 or "fromClause" in select:
                return None
            node = targets[0].get("ResTarget", {}).get("val")
        else:
            return None
    return None


def _column(node: Any) -> tuple[str, str] | None:
    if isinstance(node, dict) and "ColumnRef" in node:
        fields = _strings(node["ColumnRef"].get("fields"))
        if len(fields) == 1:
            return ("", fields[0])
        if len(fields) == 2:
            return (fields[0], fields[1])
    return None


def _compared(node: Any) -> Iterator[tuple[tuple[str, str], str]]:
    if not isinstance(node, dict):
        return
    boolean = node.get("BoolExpr")
    if isinstance(boolean, dict):
        if boolean.get("boolop") == "AND_EXPR":
            for arg in boolean.get("args", ()):
                yield from _compared(arg)
        return
    comparison = node.get("A_Expr")
    if not isinstance(comparison, dict) or comparison.get("kind") != "AEXPR_OP":
        return
    if _strings(comparison.get("name")) != ["="]:
        return
    left, right = comparison.get("lexpr"), comparison.get("rexpr")
    for column_side, call_side in ((left, right), (right, left)):
        column, call = _column(column_side), _call(call_side)
        if column is not None and call is not None:
            yield column, call


@lru_cache(maxsize=1024)
def read_expression(sql: str) -> Expression | None:
    """The calls and comparisons of a policy expression; ``None`` if it does not parse."""
    from schemalint.pglast_parser import ParseError, parse_sql_json

    try:
        tree = json.loads(parse_sql_json(f"SELECT ({sql})"))
        root = tree["stmts"][0]["stmt"]["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
    except (ParseError, KeyError, IndexError):
        return None
    names: set[str] = set()
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            call = node.get("FuncCall")
            if isinstance(call, dict):
                names.add(".".join(_strings(call.get("funcname"))))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return Expression(frozenset(names), tuple(_compared(root)))


class PolicyNotTenantScoped(SchemaRule[PolicyNotTenantScopedOptions]):
    code = "SL108"
    name = "policy-not-tenant-scoped"
    severity = Severity.ERROR
    summary = (
        "Flags a row level security policy on a tenant-scoped table whose expression does not "
        "read the tenant column"
    )
    options_model = PolicyNotTenantScopedOptions
    # Prisma schemas cannot express policies; only PostgreSQL has them.
    dialects = frozenset({"postgres"})

    def check(self, ctx: SchemaContext[PolicyNotTenantScopedOptions]) -> None:
        settings = ctx.settings
        roots = tenant_roots(ctx.catalog, settings.tenant_columns, settings.tenant_roots)
        for table in ctx.tables():
            tenants = tuple(c.name for c in tenant_columns(table, settings.tenant_columns))
            if not tenants or listed(ctx.options.exempt, table.schema, table.name):
                continue
            # A tenant root's rows are tenants: its key is what a policy scopes them by.
            pk = table.primary_key
            scoping = (*tenants, *pk.columns) if pk and roots.is_root(table) else tenants
            for policy in table.policies:
                if not policy.permissive or set(policy.roles) <= _BYPASSING_ROLES:
                    continue
                clauses = [
                    label
                    for label, sql, columns in (
                        ("USING", policy.using, policy.using_columns),
                        ("WITH CHECK", policy.with_check, policy.with_check_columns),
                    )
                    if sql is not None and self._unscoped(ctx.options, table, sql, columns, scoping)
                ]
                if clauses:
                    self._report(ctx, table, policy, tenants, clauses)

    def _unscoped(
        self,
        options: PolicyNotTenantScopedOptions,
        table: Table,
        sql: str,
        columns: tuple[str, ...],
        tenants: tuple[str, ...],
    ) -> bool:
        folded = {fold(name) for name in columns}
        if any(fold(name) in folded for name in tenants):
            return False
        expression = read_expression(sql)
        if expression is None:
            return False  # unreadable: stay quiet rather than guess
        if function_matches(expression.calls, options.membership_functions):
            return False
        return not any(
            qualifier in ("", table.name)
            and table.column(name) is not None
            and function_matches((call,), options.user_functions)
            for (qualifier, name), call in expression.compared
        )

    def _report(
        self,
        ctx: SchemaContext[PolicyNotTenantScopedOptions],
        table: Table,
        policy: Policy,
        tenants: tuple[str, ...],
        clauses: list[str],
    ) -> None:
        clause = " and ".join(clauses)
        verb = "read" if len(clauses) > 1 else "reads"
        tenant = tenants[0]
        ctx.report(
            policy.span,
            f"Policy `{policy.name}` on `{table_label(table)}` is not scoped by tenant: its "
            f"{clause} {verb} no tenant column ({backticked(tenants)}) and no membership "
            "function",
            help=(
                "Permissive policies add up: this one lets a user reach the rows of every "
                "tenant it matches, whatever the other policies say. Compare the tenant column "
                f"with the caller's tenants, e.g. `{tenant} IN (SELECT {tenant} FROM "
                "<memberships> WHERE user_id = auth.uid())`, or call a function that returns "
                "them and list it under this rule's `membership-functions` option."
            ),
        )
