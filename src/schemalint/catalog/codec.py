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
plain lists into Python objects far faster than a per-object hook can; the reader below knows
each class's row shape, so it unpacks rows straight into constructors. It builds only the
catalog's own classes from JSON values: a cache file, whoever wrote it, can at worst make a
wrong catalog, never run code; a row of the wrong shape is a CodecError.
"""

from __future__ import annotations

import dataclasses
import gc
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
from schemalint.catalog.provenance import Change
from schemalint.catalog.routines import Extension, Function
from schemalint.catalog.views import ForeignTable, View
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
    # Reading makes thousands of objects and no reference cycle: the garbage collector's passes
    # over them, triggered by the allocations alone, would find nothing (~12% of the read).
    collecting = gc.isenabled()
    gc.disable()
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
        for row in rows:
            table = _table(row, spans)
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
    finally:
        if collecting:
            gc.enable()


# The readers unpack each row into its fields: a row of another length raises ValueError. Their
# argument order is the dataclass's field order, which ``dumps`` writes (``_FIELDS``).


def _security(rows: list[Any], spans: list[Span]) -> dict[str, Any]:
    functions, views, foreign_tables, extensions, defaults = rows
    made = [
        [_object(cls, row, spans) for row in group]
        for cls, group in (
            (Function, functions),
            (View, views),
            (ForeignTable, foreign_tables),
            (Extension, extensions),
        )
    ]
    return {
        "functions": {f.key: f for f in made[0]},
        "views": {v.key: v for v in made[1]},
        "foreign_tables": {t.key: t for t in made[2]},
        "extensions": {e.name: e for e in made[3]},
        "default_privileges": {
            (str(role), schema, str(kind)): _tuples(acl) for role, schema, kind, acl in defaults
        },
    }


def _object(cls: type[Any], row: list[Any], spans: list[Span]) -> Any:
    """A row of ``cls``'s fields: ``*span`` fields are span numbers, lists become tuples."""
    names = _FIELDS[cls]
    if len(row) != len(names):
        raise ValueError(f"a {cls.__name__} row of {len(row)} fields")
    values = [
        _optional_span(value, spans) if name.endswith("span") else _tuples(value)
        for name, value in zip(names, row, strict=True)
    ]
    return cls(*values)


def _tuples(value: Any) -> Any:
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def _spans(paths: list[str], flat: list[int]) -> list[Span]:
    triples = iter(flat)
    return [
        Span(paths[p], start, end) for p, start, end in zip(triples, triples, triples, strict=True)
    ]


def _optional_span(number: int | None, spans: list[Span]) -> Span | None:
    return None if number is None else spans[number]


def _table(row: list[Any], spans: list[Span]) -> Table:
    (
        schema,
        name,
        span,
        name_span,
        columns,
        constraints,
        indexes,
        policies,
        triggers,
        rls_enabled,
        rls_forced,
        rls_span,
        incomplete,
        origin,
        parents,
        partition,
        partitioned,
        changes,
    ) = row
    return Table(
        schema,
        name,
        spans[span],
        spans[name_span],
        tuple([_column(column, spans) for column in columns]),
        tuple([_constraint(constraint, spans) for constraint in constraints]),
        tuple([_index(index, spans) for index in indexes]),
        tuple([_policy(policy, spans) for policy in policies]),
        tuple([Trigger(t_name, function, spans[t_span]) for t_name, function, t_span in triggers]),
        rls_enabled,
        rls_forced,
        _optional_span(rls_span, spans),
        incomplete,
        origin,
        tuple([(parent_schema, parent) for parent_schema, parent in parents]),
        partition,
        partitioned,
        tuple([Change(prop, spans[c_span], order) for prop, c_span, order in changes]),
    )


def _column(row: list[Any], spans: list[Span]) -> Column:
    name, type_name, not_null, has_default, span, default_sql, field, generated_from = row
    return Column(
        name,
        type_name,
        not_null,
        has_default,
        spans[span],
        default_sql,
        field,
        None if generated_from is None else tuple(generated_from),
    )


def _constraint(row: list[Any], spans: list[Span]) -> Constraint:
    (
        kind,
        name,
        columns,
        span,
        ref_schema,
        ref_table,
        ref_columns,
        on_delete,
        statement_span,
        not_valid,
        not_null_columns,
        order,
    ) = row
    return Constraint(
        kind,
        name,
        tuple(columns),
        spans[span],
        ref_schema,
        ref_table,
        tuple(ref_columns),
        on_delete,
        _optional_span(statement_span, spans),
        bool(not_valid),
        tuple(not_null_columns),
        order,
    )


def _index(row: list[Any], spans: list[Span]) -> Index:
    (
        name, columns, span, unique, partial, method, expression, predicate, include, not_null,
        key_names, order,
    ) = row  # fmt: skip
    return Index(
        name,
        tuple(columns),
        spans[span],
        unique,
        partial,
        method,
        tuple(expression),
        tuple(predicate),
        tuple(include),
        tuple(not_null),
        tuple(key_names),
        order,
    )


def _policy(row: list[Any], spans: list[Span]) -> Policy:
    (
        name,
        span,
        command,
        roles,
        using,
        with_check,
        permissive,
        using_cols,
        check_cols,
        name_span,
        using_facts,
        check_facts,
        others,
        order,
    ) = row
    return Policy(
        name,
        spans[span],
        command,
        tuple(roles),
        using,
        with_check,
        permissive,
        tuple(using_cols),
        tuple(check_cols),
        _optional_span(name_span, spans),
        _facts(using_facts, spans),
        _facts(check_facts, spans),
        tuple((str(s), str(t), str(c)) for s, t, c in others),
        order,
    )


def _facts(row: list[Any] | None, spans: list[Span]) -> ClauseFacts | None:
    if row is None:
        return None
    span, per_row, always_true, null_auth, columns, metadata, calls, compared = row
    return ClauseFacts(
        spans[span],
        _mentions(per_row, spans),
        always_true,
        None if null_auth is None else _mention(null_auth, spans),
        _mentions(columns, spans),
        _mentions(metadata, spans),
        _mentions(calls, spans),
        tuple((str(q), str(c), str(f)) for q, c, f in compared),
    )


def _mentions(rows: list[list[Any]], spans: list[Span]) -> tuple[Mention, ...]:
    return tuple([_mention(row, spans) for row in rows])


def _mention(row: list[Any], spans: list[Span]) -> Mention:
    text, span = row
    return Mention(text, spans[span])
