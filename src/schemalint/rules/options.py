"""Checking a rule's options from a config file against the fields of its options class.

A rule's options are a frozen dataclass (``RuleOptions``); config keys are its field names in
kebab-case. The field types a rule may use are the ones a config file can spell: ``str``,
``bool``, ``int``, ``float``, ``Literal[...]``, ``tuple[X, ...]`` / ``frozenset[X]`` of those
(a list in the file), and ``X | None``. Each problem is one `OptionError` naming the key, in
the words of the rest of the configuration ("expected a list of strings, got 3").
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, Union

from schemalint.config import _show


class OptionError(Exception):
    """One bad option: ``key`` (``exempt``, ``exempt[2]``, or empty for the table) and what is
    wrong, worded for the user."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}" if key else problem)
        self.key = key
        self.problem = problem


def config_key(field_name: str) -> str:
    return field_name.replace("_", "-")


def validate(
    options_class: type[Any], raw: Mapping[str, object], mapping: str = "table"
) -> dict[str, Any]:
    """The keyword arguments ``options_class`` takes for the config keys ``raw``.

    Raises OptionError for an unknown key (with the closest known one) or a value of the
    wrong type. ``mapping`` is what the file format calls a key/value collection (TOML
    "table", YAML "mapping"), for messages.
    """
    hints = typing.get_type_hints(options_class)
    fields = {config_key(f.name): f.name for f in dataclasses.fields(options_class)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = fields.get(key)
        if name is None:
            raise OptionError("", f"unknown option {_show(key)}{_hint(key, tuple(fields))}")
        values[name] = convert(hints[name], value, key, mapping)
    return values


def _hint(key: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f' (did you mean "{close[0]}"?)'
    if not known:
        return " (this rule has no options besides severity)"
    return f" (options: {', '.join(known)})"


def convert(hint: Any, value: object, key: str, mapping: str = "table") -> Any:
    """``value`` as type ``hint``, or an OptionError saying what was expected."""
    accepted = _convert(hint, value, key, mapping)
    if accepted is _REJECTED:
        raise OptionError(key, f"expected {describe(hint)}, got {_show(value, mapping)}")
    return accepted


_REJECTED = object()


def _convert(hint: Any, value: object, key: str, mapping: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        members = typing.get_args(hint)
        if value is None:
            return None if type(None) in members else _REJECTED
        for member in members:
            if member is not type(None):
                accepted = _convert(member, value, key, mapping)
                if accepted is not _REJECTED:
                    return accepted
        return _REJECTED
    if origin is Literal:
        return value if value in typing.get_args(hint) and isinstance(value, str) else _REJECTED
    if origin in (tuple, frozenset):
        if not isinstance(value, list):
            return _REJECTED
        item_hint = typing.get_args(hint)[0]
        items = [
            convert(item_hint, item, f"{key}[{index}]", mapping) for index, item in enumerate(value)
        ]
        return tuple(items) if origin is tuple else frozenset(items)
    if hint is str:
        return value if isinstance(value, str) and value.strip() else _REJECTED
    if hint is bool:
        return value if isinstance(value, bool) else _REJECTED
    if hint is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else _REJECTED
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        return _REJECTED
    raise TypeError(f"option {key!r}: type {hint!r} cannot be written in a config file")


def describe(hint: Any, plural: bool = False) -> str:
    """What a value of type ``hint`` is called in an error message."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        members = [m for m in typing.get_args(hint) if m is not type(None)]
        return " or ".join(describe(member, plural) for member in members)
    if origin is Literal:
        return "one of " + ", ".join(str(choice) for choice in typing.get_args(hint))
    if origin in (tuple, frozenset):
        return f"a list of {describe(typing.get_args(hint)[0], plural=True)}"
    names = {
        str: ("a non-empty string", "strings"),
        bool: ("true or false", "true or false"),
        int: ("an integer", "integers"),
        float: ("a number", "numbers"),
    }
    if hint not in names:
        raise TypeError(f"type {hint!r} cannot be written in a config file")
    singular, many = names[hint]
    return many if plural else singular
