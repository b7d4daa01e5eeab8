"""The catalog as JSON, for the replay cache: plain data in, plain data out, no code run.

Objects are written as ``{"@": "<class>", "v": [field values in order]}``, sequences as lists
(read back as tuples), spans as ``{"s": [path index, start, end]}`` into a list of paths written
first, on a line of its own. Reading builds only the catalog's own classes, named in
``_CLASSES``: a cache file, whoever wrote it, can at worst make a wrong catalog, never run code.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from schemalint.catalog.model import (
    Catalog,
    Column,
    Constraint,
    Index,
    Policy,
    Table,
    TableMap,
    Trigger,
)
from schemalint.source import Span

_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls for cls in (Column, Constraint, Index, Policy, Trigger, Table)
}
_FIELDS = {name: tuple(f.name for f in dataclasses.fields(cls)) for name, cls in _CLASSES.items()}


class CodecError(ValueError):
    """The data is not a catalog this codec wrote."""


def dumps(catalog: Catalog) -> bytes:
    """Two JSON lines: the paths spans point into, then the catalog."""
    paths: dict[str, int] = {}

    def encode(value: Any) -> Any:
        if isinstance(value, Span):
            index = paths.setdefault(value.path, len(paths))
            return {"s": [index, value.start, value.end]}
        name = type(value).__name__
        if name in _FIELDS:
            return {"@": name, "v": [encode(getattr(value, f)) for f in _FIELDS[name]]}
        if isinstance(value, tuple):
            return [encode(item) for item in value]
        return value

    document = {
        "dialect": catalog.dialect,
        "tables": [encode(table) for table in catalog.tables.values()],
        "schemas": sorted(catalog.schemas),
        "search_path": list(catalog.search_path),
        "index_owner": [[*key, *owner] for key, owner in catalog.index_owner.items()],
    }
    lines = (json.dumps(list(paths)), json.dumps(document, separators=(",", ":")))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def loads(data: bytes) -> Catalog:
    """The catalog ``dumps`` wrote; CodecError for anything else."""
    try:
        head, _, body = data.partition(b"\n")
        paths = json.loads(head)

        # Called by the JSON parser for every object, innermost first: a field holding a
        # list is a tuple in the catalog, and its items are already built.
        def build(obj: dict[str, Any]) -> Any:
            span = obj.get("s")
            if span is not None:
                return Span(paths[span[0]], span[1], span[2])
            name = obj.get("@")
            if name is not None:
                values = obj["v"]
                return _CLASSES[name](*[tuple(v) if type(v) is list else v for v in values])
            return obj

        document = json.loads(body, object_hook=build)
        tables = TableMap()
        for table in document["tables"]:
            if not isinstance(table, Table):
                raise CodecError("a table entry is not a table")
            tables[table.key] = table
        return Catalog(
            dialect=str(document["dialect"]),
            tables=tables,
            schemas=set(document["schemas"]),
            search_path=tuple(document["search_path"]),
            index_owner={(s, n): (ts, tn) for s, n, ts, tn in document["index_owner"]},
        )
    except CodecError:
        raise
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise CodecError(f"not a cached catalog: {error}") from None
