"""The catalog as JSON, for the replay cache: plain data in, plain data out, no code run.

Two JSON lines: the paths spans point into, then the catalog as one array of positional rows:
``[dialect, schemas, search_path, index_owner, spans, tables, metadata_functions, relations,
unseen_tables, unseen_schemas, security, clock]``. ``spans`` is a flat list of ``path index,
start, end`` triples, each distinct span once; a span field holds its triple's number (``null``
for no span). ``index_owner`` is a flat list of ``schema, name, table schema, table name``
quadruples; ``metadata_functions`` and ``relations`` lists of ``[schema, name]`` pairs. A
table, column, constraint, index, policy, trigger or provenance change is a list of its
dataclass fields in declaration order, sequences as lists (read back as tuples).
``security`` is ``[functions, views, foreign tables, extensions, default privileges]``: rows
of those objects, and ``[role, schema or null, object class, acl]`` rows.

Why rows without tags: a warm cache run reads thousands of objects, and JSON's C parser turns
plain lists into Python objects far faster than a per-object hook can. Reader and writer are
generic over the record classes: a class's fields and their types (its annotations) say how
each row is written and read, so a new field needs no change here. The reader builds only the
catalog's own classes from JSON values, each where its type says one belongs, and checks every
scalar against its field's type: a cache file, whoever wrote it, can at worst make a wrong
catalog, never run code; a row of the wrong shape or type is a CodecError.
"""

from __future__ import annotations

import dataclasses
import json
import types
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

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
from schemalint.catalog.privileges import Acl, DefaultKey
from schemalint.catalog.provenance import Change
from schemalint.catalog.routines import Extension, Function
from schemalint.catalog.views import ForeignTable, View
from schemalint.frozen import no_cyclic_gc
from schemalint.ir.security import ClauseFacts, Mention
from schemalint.source import Span

_ROW_CLASSES = (
    Column,
    Constraint,
    Index,
    Policy,
    Trigger,
    Table,
    ClauseFacts,
    Mention,
    Change,
    Function,
    View,
    ForeignTable,
    Extension,
)
_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in _ROW_CLASSES}


class CodecError(ValueError):
    """The data is not a catalog this codec wrote."""


def dumps(catalog: Catalog) -> bytes:
    """Two JSON lines: the paths spans point into, then the catalog."""
    paths: dict[str, int] = {}
    spans: dict[Span, int] = {}
    flat_spans: list[int] = []

    def encode(value: Any) -> Any:
        if isinstance(value, Span):
            number = spans.get(value)
            if number is None:
                number = spans[value] = len(spans)
                path = paths.setdefault(value.path, len(paths))
                flat_spans.extend((path, value.start, value.end))
            return number
        fields = _FIELDS.get(type(value))
        if fields is not None:
            return [encode(getattr(value, name)) for name in fields]
        if isinstance(value, tuple):
            return [encode(item) for item in value]
        return value

    tables = [encode(table) for table in catalog.tables.values()]
    index_owner = [part for key, owner in catalog.index_owner.items() for part in (*key, *owner)]
    document = [
        catalog.dialect,
        sorted(catalog.schemas),
        list(catalog.search_path),
        index_owner,
        flat_spans,
        tables,
        sorted(catalog.metadata_functions),
        sorted([schema, name] for schema, name in catalog.relations),
        catalog.unseen_tables,
        sorted(catalog.unseen_schemas),
        [
            [encode(f) for f in catalog.functions.values()],
            [encode(v) for v in catalog.views.values()],
            [encode(t) for t in catalog.foreign_tables.values()],
            [encode(e) for e in catalog.extensions.values()],
            [[*key, encode(acl)] for key, acl in catalog.default_privileges.items()],
        ],
        catalog.clock,
    ]
    lines = (json.dumps(list(paths)), json.dumps(document, separators=(",", ":")))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def loads(data: bytes) -> Catalog:
    """The catalog ``dumps`` wrote; CodecError for anything else."""
    # Reading makes thousands of objects and no reference cycle (see ``no_cyclic_gc``).
    with no_cyclic_gc():
        return _loads(data)


def _loads(data: bytes) -> Catalog:
    try:
        head, _, body = data.partition(b"\n")
        paths = json.loads(head)
        (
            dialect,
            schemas,
            search_path,
            index_owner,
            flat_spans,
            rows,
            functions,
            relations,
            unseen_tables,
            unseen_schemas,
            security,
            clock,
        ) = json.loads(body)
        spans = _spans(paths, flat_spans)
        tables = TableMap()
        read_table = _reader(Table)
        for row in rows:
            table = read_table(row, spans)
            tables[table.key] = table
        owners = iter(index_owner)
        return Catalog(
            dialect=str(dialect),
            tables=tables,
            schemas=set(schemas),
            search_path=tuple(search_path),
            index_owner={
                (s, n): (ts, tn)
                for s, n, ts, tn in zip(owners, owners, owners, owners, strict=True)
            },
            metadata_functions={(str(schema), str(name)) for schema, name in functions},
            relations={(str(s), str(n)) for s, n in relations},
            unseen_tables=bool(unseen_tables),
            unseen_schemas={str(s) for s in unseen_schemas},
            **_security(security, spans),
            clock=int(clock),
        )
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise CodecError(f"not a cached catalog: {error}") from None
    except RecursionError:  # JSON nested too deeply for the parser
        raise CodecError("not a cached catalog: nested too deeply") from None


def _security(rows: list[Any], spans: list[Span]) -> dict[str, Any]:
    functions, views, foreign_tables, extensions, defaults = rows
    made = [
        [_reader(cls)(row, spans) for row in group]
        for cls, group in (
            (Function, functions),
            (View, views),
            (ForeignTable, foreign_tables),
            (Extension, extensions),
        )
    ]
    read_key, read_acl = _reader(DefaultKey), _reader(Acl)
    return {
        "functions": {f.key: f for f in made[0]},
        "views": {v.key: v for v in made[1]},
        "foreign_tables": {t.key: t for t in made[2]},
        "extensions": {e.name: e for e in made[3]},
        "default_privileges": {
            read_key(key, spans): read_acl(acl, spans) for *key, acl in defaults
        },
    }


# A reader turns a JSON value and the span table into a value of one type, or raises
# ValueError/TypeError/IndexError (a CodecError for ``loads``). ``None`` reads a scalar as it
# is, ``_as_tuple`` lists of scalars as tuples: whatever a forged file puts there stays plain
# data.
Reader = Callable[[Any, list[Span]], Any]
_SCALARS = frozenset({str, int, bool, float})


def _span(value: Any, spans: list[Span]) -> Span:
    if type(value) is not int or value < 0:
        raise TypeError(f"{value!r:.40} where a span number belongs")
    return spans[value]


def _as_tuple(value: Any, spans: list[Span]) -> Any:
    return _tuples(value)


def _reader(hint: Any) -> Reader:
    return _field_reader(hint) or _as_tuple


@cache
def _field_reader(hint: Any) -> Reader | None:
    """The reader of values of type ``hint`` (a record class, a span, a tuple, an optional,
    a literal or a scalar): records are rows of their fields in declaration order."""
    if hint is Span:
        return _span
    if hint in _FIELDS:
        return _row_reader(hint)
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        read_some = _field_reader(next(arg for arg in args if arg is not type(None)))
        if read_some in (None, _as_tuple):
            return read_some
        return lambda value, spans: None if value is None else read_some(value, spans)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        read_item = _field_reader(args[0])
        if read_item in (None, _as_tuple):
            return _as_tuple
        return lambda value, spans: tuple([read_item(item, spans) for item in value])
    if origin is tuple:
        readers = tuple(map(_field_reader, args))
        if set(readers) <= {None, _as_tuple}:
            return _as_tuple
        return _fixed_reader(_values, readers)
    if origin is Literal or hint in _SCALARS:
        return None
    raise TypeError(f"the codec cannot read a {hint!r}")  # a field type without a reader


def _row_reader(cls: type[Any]) -> Reader:
    hints = get_type_hints(cls)
    return _fixed_reader(cls, tuple(_field_reader(hints[name]) for name in _FIELDS[cls]))


def _values(*values: Any) -> tuple[Any, ...]:
    return values


def _fixed_reader(make: Callable[..., Any], readers: tuple[Reader | None, ...]) -> Reader:
    """A list of exactly one value per field, each read by its reader, passed to ``make``."""
    count = len(readers)
    name = "tuple" if make is _values else make.__name__
    fields = tuple(enumerate(readers))
    lists = tuple(index for index, read in fields if read is _as_tuple)
    structured = tuple(
        (index, read) for index, read in fields if read is not None and read is not _as_tuple
    )

    def read(value: Any, spans: list[Span]) -> Any:
        if type(value) is not list or len(value) != count:
            raise ValueError(f"{value!r:.40} where a {name} of {count} fields belongs")
        for index in lists:
            value[index] = _tuples(value[index])
        for index, read_field in structured:
            value[index] = read_field(value[index], spans)
        return make(*value)

    return read


def _tuples(value: Any) -> Any:
    return tuple([_tuples(item) for item in value]) if type(value) is list else value


def _spans(paths: list[str], flat: list[int]) -> list[Span]:
    triples = iter(flat)
    return [
        Span(paths[p], start, end) for p, start, end in zip(triples, triples, triples, strict=True)
    ]
