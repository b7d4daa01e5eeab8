"""One comparable shape for a schema, built from PostgreSQL's pg_catalog or from a Catalog.

Both sides become plain, sorted, hashable data so that a difference reads as a diff.
What is compared, and how it is normalised:

- tables of the user's schemas (system schemas and the Supabase stub's ``auth`` excluded);
- columns in order: name, type in canonical form (``canonical_type``), NOT NULL, and whether
  a default exists (an identity or generated column counts as having one);
- constraints by name with their columns and referenced table/columns, and a foreign key's
  ON DELETE action; a CHECK's columns are those its expression reads (``conkey``), compared
  as a set;
- standalone indexes (not backing a constraint): name, key columns (``None`` for an
  expression; ``INCLUDE`` columns are not keys), unique, partial;
- RLS enabled/forced; policies by name with their command and roles;
- generated columns by name;
- the NOT VALID not-null constraints (PostgreSQL 18's ``ADD CONSTRAINT name NOT NULL col NOT
  VALID``, not validated since), by column and name: the column itself counts as NOT NULL,
  as ``attnotnull`` says;
- with ``dependencies``, the set of columns of its own table each of these reads, from
  PostgreSQL's ``pg_depend``: an index's keys, expressions, WHERE clause and INCLUDE list, a
  policy's USING and WITH CHECK, a generated column's expression;
- user triggers by name with the name of the function they run (its schema is left out: the
  catalog keeps the function as written, qualified or not).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from schemalint.catalog.model import Catalog, Index
from tests.pgcluster import Cluster

STUB_SCHEMAS = ("auth",)

_ALIASES = {
    "int": "integer",
    "int4": "integer",
    "serial": "integer",
    "serial4": "integer",
    "int8": "bigint",
    "bigserial": "bigint",
    "serial8": "bigint",
    "int2": "smallint",
    "smallserial": "smallint",
    "serial2": "smallint",
    "float8": "double precision",
    "float": "double precision",
    "float4": "real",
    "bool": "boolean",
    "varchar": "character varying",
    "char": "character",
    "bpchar": "character",
    "decimal": "numeric",
    "timestamptz": "timestamp with time zone",
    "timetz": "time with time zone",
    "timestamp": "timestamp without time zone",
    "time": "time without time zone",
}
_TYPE = re.compile(
    r"^(?P<base>[a-z_][a-z0-9_ .$]*?)\s*(?P<mods>\([^)]*\))?\s*"
    r"(?P<zone>with(?:out)? time zone)?\s*(?P<array>(\[\d*\]\s*)*)$"
)


def canonical_type(type_name: str) -> str:
    """A spelling-independent form: ``varchar(255)`` and ``character varying(255)`` agree.

    Quotes and the ``pg_catalog.``/``public.`` qualifiers go, case folds, aliases map to
    PostgreSQL's ``format_type`` names, typmods stay, array dimensions collapse to ``[]``.
    """
    text = " ".join(type_name.replace('"', "").lower().split())
    for prefix in ("pg_catalog.", "public."):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    match = _TYPE.match(text)
    if match is None:
        return text
    base = match["base"].strip()
    mods = (match["mods"] or "").replace(" ", "")
    zone = match["zone"]
    if base in ("timestamp", "time", "timestamptz", "timetz") or base.endswith("time zone"):
        base = base.replace(" with time zone", "").replace(" without time zone", "")
        with_zone = base.endswith("tz") or zone == "with time zone"
        base = "timestamp" if base.startswith("timestamp") else "time"
        suffix = "with time zone" if with_zone else "without time zone"
        result = f"{base}{mods} {suffix}"
    else:
        base = _ALIASES.get(base, base)
        if base == "character" and not mods:
            mods = "(1)"
        result = f"{base}{mods}"
    return result + ("[]" if match["array"] else "")


ColumnShape = tuple[str, str, bool, bool]
# name, kind, columns, referenced table, referenced columns, ON DELETE, validated
ConstraintShape = tuple[str, str, tuple[str, ...], str | None, tuple[str, ...], str | None, bool]
IndexShape = tuple[str, tuple[str | None, ...], bool, bool, tuple[str, ...]]
PolicyShape = tuple[str, str, tuple[str, ...], tuple[str, ...]]
GeneratedShape = tuple[str, tuple[str, ...]]
TriggerShape = tuple[str, str]


@dataclass(frozen=True)
class TableShape:
    columns: tuple[ColumnShape, ...]
    constraints: tuple[ConstraintShape, ...]
    indexes: tuple[IndexShape, ...]
    rls: tuple[bool, bool]
    policies: tuple[PolicyShape, ...]
    triggers: tuple[TriggerShape, ...]
    generated: tuple[GeneratedShape, ...]
    unvalidated_not_null: tuple[tuple[str, str | None], ...] = ()


Snapshot = dict[str, TableShape]


def _constraint(
    kind: str,
    name: str,
    columns: tuple[str, ...],
    ref: str | None,
    ref_columns: tuple[str, ...],
    on_delete: str | None,
    valid: bool,
) -> ConstraintShape:
    if kind == "check":
        return (name, kind, tuple(sorted(columns)), None, (), None, valid)
    if kind == "foreign_key":
        # No ON DELETE clause is NO ACTION.
        return (name, kind, columns, ref, ref_columns, on_delete or "no action", valid)
    return (name, kind, columns, ref, ref_columns, None, valid)


def from_catalog(catalog: Catalog, *, dependencies: bool = False) -> Snapshot:
    """``dependencies``: compare the columns objects read (see ``from_database``)."""
    snapshot: Snapshot = {}
    known = _sorted_set if dependencies else _nothing
    for table in catalog:
        if table.schema in STUB_SCHEMAS:
            continue
        snapshot[table.qualified_name] = TableShape(
            columns=tuple(
                (c.name, canonical_type(c.type_name), c.not_null, c.has_default)
                for c in table.columns
            ),
            constraints=tuple(
                sorted(
                    _constraint(
                        c.kind,
                        c.name,
                        c.columns,
                        f"{c.ref_schema}.{c.ref_table}" if c.ref_table else None,
                        c.ref_columns,
                        c.on_delete,
                        not c.not_valid,
                    )
                    for c in table.constraints
                )
            ),
            indexes=tuple(
                sorted(
                    (
                        (i.name, i.columns, i.unique, i.partial, known(_index_reads(i)))
                        for i in table.indexes
                    ),
                    key=repr,
                )
            ),
            rls=(table.rls_enabled, table.rls_forced),
            policies=tuple(
                sorted(
                    (
                        p.name,
                        p.command,
                        tuple(sorted(p.roles)),
                        known((*p.using_columns, *p.with_check_columns)),
                    )
                    for p in table.policies
                )
            ),
            triggers=tuple(sorted((t.name, t.function.rsplit(".", 1)[-1]) for t in table.triggers)),
            generated=tuple(
                sorted(
                    (c.name, known(c.generated_from or ()))
                    for c in table.columns
                    if c.generated_from is not None
                )
            ),
            unvalidated_not_null=tuple(
                sorted((c.name, c.not_null_name) for c in table.columns if not c.not_null_valid)
            ),
        )
    return snapshot


def _sorted_set(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(names)))


def _nothing(names: Iterable[str]) -> tuple[str, ...]:
    return ()


def _index_reads(index: Index) -> tuple[str, ...]:
    keys = (c for c in index.columns if c is not None)
    return (*keys, *index.expression_columns, *index.predicate_columns, *index.include_columns)


# The columns of table {table} that object (classid {classid}, objid {objid}, objsubid
# {objsubid}) depends on. An internal dependency is not a read: a column default's
# (pg_attrdef) on its own column.
_DEPENDS = """(SELECT coalesce(json_agg(DISTINCT da.attname ORDER BY da.attname), '[]')
      FROM pg_depend d
      JOIN pg_attribute da ON da.attrelid = d.refobjid AND da.attnum = d.refobjsubid
      WHERE d.classid = '{classid}'::regclass AND d.objid = {objid} AND d.objsubid = {objsubid}
        AND d.refclassid = 'pg_class'::regclass AND d.refobjid = {table}
        AND d.refobjsubid > 0 AND d.deptype <> 'i')"""
_INTROSPECT = """
WITH tables AS (
  SELECT c.oid, n.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', {stubs})
    AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'
)
SELECT coalesce(json_agg(json_build_object(
  'name', t.nspname || '.' || t.relname,
  'rls', json_build_array(t.relrowsecurity, t.relforcerowsecurity),
  'columns', (SELECT coalesce(json_agg(json_build_array(
        a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
        a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') ORDER BY a.attnum), '[]')
      FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped),
  'constraints', (SELECT coalesce(json_agg(json_build_array(
        k.conname, k.contype,
        (SELECT coalesce(json_agg(a.attname ORDER BY o.ord), '[]')
           FROM unnest(k.conkey) WITH ORDINALITY o(num, ord)
           JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = o.num),
        (SELECT rn.nspname || '.' || rc.relname FROM pg_class rc
           JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = k.confrelid),
        (SELECT coalesce(json_agg(a.attname ORDER BY o.ord), '[]')
           FROM unnest(k.confkey) WITH ORDINALITY o(num, ord)
           JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = o.num),
        k.confdeltype, k.convalidated)), '[]')
      FROM pg_constraint k WHERE k.conrelid = t.oid AND k.contype IN ('p', 'u', 'f', 'c', 'x')),
  'indexes', (SELECT coalesce(json_agg(json_build_array(
        ic.relname,
        (SELECT json_agg(a.attname ORDER BY o.ord)
           FROM unnest(i.indkey::int2[]) WITH ORDINALITY o(num, ord)
           LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = o.num
           WHERE o.ord <= i.indnkeyatts),
        i.indisunique, i.indpred IS NOT NULL,
        {index_reads})), '[]')
      FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indrelid = t.oid AND NOT EXISTS (
        SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid
          AND k.conrelid = t.oid AND k.contype IN ('p', 'u', 'x'))),
  'policies', (SELECT coalesce(json_agg(json_build_array(
        p.polname, p.polcmd,
        (SELECT json_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END)
           FROM unnest(p.polroles) r),
        {policy_reads})), '[]')
      FROM pg_policy p WHERE p.polrelid = t.oid),
  'triggers', (SELECT coalesce(json_agg(json_build_array(g.tgname, f.proname)), '[]')
      FROM pg_trigger g JOIN pg_proc f ON f.oid = g.tgfoid
      WHERE g.tgrelid = t.oid AND NOT g.tgisinternal),
  'unvalidated_not_null', (SELECT coalesce(json_agg(json_build_array(a.attname, k.conname)), '[]')
      FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
      WHERE k.conrelid = t.oid AND k.contype = 'n' AND NOT k.convalidated),
  'generated', (SELECT coalesce(json_agg(json_build_array(a.attname, {generated_reads})), '[]')
      FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
        AND a.attgenerated <> '')
)), '[]') FROM tables t;
"""
_KINDS = {"p": "primary_key", "u": "unique", "f": "foreign_key", "c": "check", "x": "exclude"}
_ACTIONS = {
    "a": "no action",
    "r": "restrict",
    "c": "cascade",
    "n": "set null",
    "d": "set default",
}
_COMMANDS = {"*": "all", "r": "select", "a": "insert", "w": "update", "d": "delete"}


def from_database(cluster: Cluster, database: str, *, dependencies: bool = False) -> Snapshot:
    """The snapshot of ``database``'s tables.

    ``dependencies``: compare the columns objects read (``pg_depend``), which only a
    replayed catalog records (a Prisma lowering does not read a ``where: raw(...)``).
    """
    known = _sorted_set if dependencies else _nothing
    stubs = ", ".join(f"'{s}'" for s in STUB_SCHEMAS)
    query = _INTROSPECT.format(
        stubs=stubs,
        index_reads=_DEPENDS.format(
            classid="pg_class", objid="i.indexrelid", objsubid=0, table="t.oid"
        ),
        policy_reads=_DEPENDS.format(classid="pg_policy", objid="p.oid", objsubid=0, table="t.oid"),
        # A generated column's expression is its default (pg_attrdef).
        generated_reads=_DEPENDS.format(
            classid="pg_attrdef",
            objid="(SELECT ad.oid FROM pg_attrdef ad WHERE ad.adrelid = t.oid "
            "AND ad.adnum = a.attnum)",
            objsubid=0,
            table="t.oid",
        ),
    )
    rows = json.loads(cluster.execute(database, query))
    snapshot: Snapshot = {}
    for row in rows:
        snapshot[row["name"]] = TableShape(
            columns=tuple(
                (name, canonical_type(type_name), not_null, has_default)
                for name, type_name, not_null, has_default in row["columns"]
            ),
            constraints=tuple(
                sorted(
                    _constraint(
                        _KINDS[kind],
                        name,
                        tuple(cols),
                        ref,
                        tuple(ref_cols),
                        _ACTIONS.get(on_delete),
                        valid,
                    )
                    for name, kind, cols, ref, ref_cols, on_delete, valid in row["constraints"]
                )
            ),
            indexes=tuple(
                sorted(
                    (
                        (name, tuple(cols), unique, partial, known(reads))
                        for name, cols, unique, partial, reads in row["indexes"]
                    ),
                    key=repr,
                )
            ),
            rls=(row["rls"][0], row["rls"][1]),
            policies=tuple(
                sorted(
                    (name, _COMMANDS[cmd], tuple(sorted(roles)), known(reads))
                    for name, cmd, roles, reads in row["policies"]
                )
            ),
            triggers=tuple(sorted((name, function) for name, function in row["triggers"])),
            generated=tuple(sorted((name, known(reads)) for name, reads in row["generated"])),
            unvalidated_not_null=tuple(
                sorted((column, name) for column, name in row["unvalidated_not_null"])
            ),
        )
    return snapshot


def diff(expected: Snapshot, actual: Snapshot) -> list[str]:
    """Readable differences: one line per table or part that disagrees."""
    lines = []
    for name in sorted(set(expected) | set(actual)):
        left, right = expected.get(name), actual.get(name)
        if left is None or right is None:
            lines.append(f"{name}: only in {'replay' if left is None else 'PostgreSQL'}")
            continue
        for part in (
            "columns",
            "constraints",
            "indexes",
            "rls",
            "policies",
            "triggers",
            "generated",
            "unvalidated_not_null",
        ):
            pg_part, replay_part = getattr(left, part), getattr(right, part)
            if pg_part != replay_part:
                lines.append(
                    f"{name}.{part}:\n  PostgreSQL: {pg_part}\n  replay:     {replay_part}"
                )
    return lines
