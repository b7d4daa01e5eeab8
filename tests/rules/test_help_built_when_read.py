"""Rules never format a help text per finding: a help is a constant, or a ``findings.Help``
(a shared template and the names) that the reporter builds when it writes the finding. The
rules that report once per table, policy or function of a large schema do the same with
their messages, sharing the help's names."""

from __future__ import annotations

import ast
from pathlib import Path

import schemalint.rules

RULES = Path(schemalint.rules.__file__).parent


def _formatted(node: ast.expr) -> bool:
    """Whether ``node`` makes a string when it runs: an f-string, ``+``, ``%`` or ``.format``."""
    if isinstance(node, ast.IfExp):
        return _formatted(node.body) or _formatted(node.orelse)
    if isinstance(node, (ast.JoinedStr, ast.BinOp)):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("format", "join", "rstrip", "strip")
    )


def test_no_rule_formats_its_help_where_it_reports() -> None:
    offending = [
        f"{path.name}:{keyword.value.lineno}"
        for path in sorted(RULES.glob("sl*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "help" and _formatted(keyword.value)
    ]
    assert offending == []


# The rules with most findings on a large schema (a 50 MB dump: one each per table).
LAZY_MESSAGES = (
    "sl106_tenant_column_without_foreign_key.py",
    "sl601_auth_call_per_row.py",
    "sl606_mutable_search_path.py",
)


def test_rules_reporting_per_table_do_not_format_their_messages() -> None:
    messages = {
        f"{name}:{node.lineno}": _formatted(node.args[1])
        for name in LAZY_MESSAGES
        for node in ast.walk(ast.parse((RULES / name).read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "report"
    }
    assert len(messages) == len(LAZY_MESSAGES)
    assert [where for where, formatted in messages.items() if formatted] == []


def test_the_guard_sees_each_way_of_formatting() -> None:
    for source in (
        'f"Add `{name}`."',
        '"Add " + name',
        '"Add %s" % name',
        '"Add {0}".format(name)',
        '(f"Add {name}" if name else "Add it").rstrip()',
        'f"Add {name}" if name else _HELP',
    ):
        assert _formatted(ast.parse(source, mode="eval").body), source
    for source in (
        "Help(_HELP, (name,))",
        "_HELP",
        "_HELP[kind]",
        "Help(_HELP, (a,)) if a else _H",
    ):
        assert not _formatted(ast.parse(source, mode="eval").body), source
