"""pglast's parser functions and keyword lists, imported without pglast's AST and enum modules.

``import pglast.parser`` runs pglast's ``__init__`` and its Cython module, which import
``pglast.enums`` (hundreds of enum classes) and ``pglast.ast`` (a class per node type), a
large part of a pre-commit run's start-up. schemalint reads libpg_query's JSON and
the scanner's tokens and never touches either module, and neither does the parser while it
makes them. So, when pglast is not imported yet, both are registered as *deferred* modules
first: found on disk as the import system would find them, but executed only when something
first reads an attribute from one (``pglast.parse_sql`` building AST objects, say). Whoever
uses them gets the real modules, just later; if pglast's layout ever differs, nothing is
deferred and pglast is imported as usual.

Every module of schemalint imports pglast through this one, so the deferral comes first.

``decode`` reads the JSON the parser functions return with orjson: the same dicts, lists, strs
and ints as ``json.loads``, in about 70% of its time (a tenth of a large file's conversion).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import types
from typing import Any

import orjson

_PACKAGE = "pglast"
_DEFERRED = ("enums", "ast")


class _Deferred(types.ModuleType):
    """A module whose code runs on the first read of an attribute it does not have yet."""

    def __getattr__(self, name: str) -> Any:
        if self.__dict__.get("_schemalint_loaded"):
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        self.__dict__["_schemalint_loaded"] = True
        spec = self.__spec__
        assert spec is not None and spec.loader is not None
        spec.loader.exec_module(self)
        return getattr(self, name)


def _defer_submodules() -> None:
    if _PACKAGE in sys.modules:
        return
    package = importlib.util.find_spec(_PACKAGE)
    if package is None or package.submodule_search_locations is None:
        return
    locations = list(package.submodule_search_locations)
    for name in _DEFERRED:
        full = f"{_PACKAGE}.{name}"
        spec = importlib.machinery.PathFinder.find_spec(full, locations)
        if spec is None or spec.loader is None:
            continue
        module = _Deferred(full)
        module.__spec__ = spec
        module.__loader__ = spec.loader
        module.__file__ = spec.origin
        if spec.submodule_search_locations is not None:
            module.__path__ = list(spec.submodule_search_locations)
            module.__package__ = full
        else:
            module.__package__ = _PACKAGE
        sys.modules[full] = module


_defer_submodules()

import pglast  # noqa: E402  (after the deferral, which is the point of this module)
from pglast import keywords  # noqa: E402
from pglast.parser import (  # noqa: E402
    ParseError,
    Token,
    parse_plpgsql_json,
    parse_sql_json,
    scan,
)


def _name_submodules() -> None:
    """The import system sets a package's attribute for a submodule it loads itself, not for
    one it finds in sys.modules: ``pglast.ast`` must still name the module."""
    for name in _DEFERRED:
        module = sys.modules.get(f"{_PACKAGE}.{name}")
        if module is not None and not hasattr(pglast, name):
            setattr(pglast, name, module)


_name_submodules()


def decode(tree: str) -> Any:
    """A parse tree's JSON (``parse_sql_json``, ``parse_plpgsql_json``) as Python objects.

    libpg_query writes valid JSON, so orjson refuses a tree only when it is nested deeper
    than orjson decodes (1,024 levels): that raises ``RecursionError``, as ``json.loads``
    does past Python's recursion limit, for the callers to report the statement as too deep.
    """
    try:
        return orjson.loads(tree)
    except orjson.JSONDecodeError:
        raise RecursionError("parse tree nested too deeply to decode") from None


__all__ = [
    "ParseError",
    "Token",
    "decode",
    "keywords",
    "parse_plpgsql_json",
    "parse_sql_json",
    "scan",
]
