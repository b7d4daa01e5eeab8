"""The one list of rules, ordered by code, and lookup by code or name.

A rule is registered by being a module ``slNNN_<name>.py`` of this package that defines one
rule class of code ``SLNNN``: nothing else lists the rules. The README table, ``schemalint
rules``, SARIF descriptors and configuration all read ``ALL_RULES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

import schemalint.rules
from schemalint.rules.base import Rule
from schemalint.rules.sl001_syntax_error import SyntaxErrorRule
from schemalint.rules.sl002_unused_suppression import UnusedSuppression

_MODULE = re.compile(r"(sl\d{3})_\w+\.py")

SYNTAX_ERROR = SyntaxErrorRule
UNUSED_SUPPRESSION = UnusedSuppression


def _rule_of(module: ModuleType, code: str) -> type[Rule[Any]]:
    defined = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Rule)
        and value.__module__ == module.__name__
        and "code" in vars(value)
    ]
    if len(defined) != 1 or defined[0].code != code:
        codes = ", ".join(rule.code for rule in defined) or "none"
        raise ImportError(f"{module.__name__} must define one rule of code {code} (found: {codes})")
    return defined[0]


def discover(package: str, directories: Iterable[str]) -> tuple[type[Rule[Any]], ...]:
    """The rules of ``package``'s ``slNNN_<name>.py`` modules in ``directories``, by code."""
    found: dict[str, type[Rule[Any]]] = {}
    for directory in directories:
        for entry in sorted(path.name for path in Path(directory).iterdir()):
            match = _MODULE.fullmatch(entry)
            if match is None:
                continue
            rule = _rule_of(import_module(f"{package}.{entry[:-3]}"), match[1].upper())
            if rule.code in found and found[rule.code] is not rule:
                raise ImportError(f"two rules of code {rule.code}: {entry} and another module")
            found[rule.code] = rule
    names = [rule.name for rule in found.values()]
    if len(set(names)) != len(names):
        raise ImportError(f"rule names are not unique: {sorted(names)}")
    return tuple(found[code] for code in sorted(found))


ALL_RULES: tuple[type[Rule[Any]], ...] = discover(
    schemalint.rules.__name__, schemalint.rules.__path__
)


def find_rule(code_or_name: str) -> type[Rule[Any]] | None:
    """The rule with this code (``SL201``) or name (``unindexed-foreign-key``), any case."""
    wanted = code_or_name.strip().lower()
    for rule in ALL_RULES:
        if wanted in (rule.code.lower(), rule.name):
            return rule
    return None
