"""The differences between a Prisma schema and the database its migration history builds.

What ``prisma migrate diff --from-migrations … --to-schema-datamodel …`` would report, without a
shadow database: the replayed history's catalog against the schema's lowering, object by
object, as Prisma's differ compares them:

- tables by (schema, name) after ``@@schema``/``@@map``, only in the schemas the datasource
  manages, never ``@@ignore`` models or views;
- columns by name after ``@map``: type, nullability, whether there is a default, and the
  default's SQL when both sides spell it;
- indexes (and UNIQUE constraints, which Prisma reads as unique indexes) by name, with their
  columns, uniqueness, partiality and method; primary and foreign keys by name, with their
  columns, referenced table and columns and ON DELETE action. CHECK and EXCLUDE constraints,
  RLS, policies, triggers, functions, grants: Prisma does not manage them;
- PostgreSQL keeps 63 bytes of an identifier: names compare after that cut, on both sides.

Each difference is one object: a missing or extra table covers its columns and keys, a
missing or extra column the indexes and keys on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from schemalint.catalog.history import HistoryMarks, ObjectKey
from schemalint.catalog.model import Catalog, Column, Constraint, Index, Table
from schemalint.frontends.prisma.scope import PrismaScope
from schemalint.frozen import frozen, replace
from schemalint.rules._naming import backticked, table_label
from schemalint.source import Span
from schemalint.tools.dialects import behaviour_of

_COMPARED_CONSTRAINTS = ("primary_key", "foreign_key")


@frozen
class Difference:
    """One object on which the schema and the history disagree.

    ``kind``: ``missing`` (declared, not in the history), ``extra`` (in the history only) or
    ``differs``; ``removed``: the span is the migration statement that removed or changed it.
    """

    kind: str
    key: ObjectKey
    span: Span
    message: str
    removed: bool = False


def differences(
    schema: Catalog, history: Catalog, scope: PrismaScope, marks: HistoryMarks
) -> list[Difference]:
    """Every difference, schema objects first, in declaration order."""
    found: list[Difference] = []
    dialect = schema.dialect
    for table in schema:
        if not scope.manages(table.key):
            continue
        migrated = history.tables.get(table.key)
        if migrated is None:
            found.append(_missing_table(table, scope, marks))
        elif not migrated.incomplete:
            found.extend(_TableDiff(table, migrated, scope, marks, dialect).run())
    for migrated in history:
        if (
            scope.manages(migrated.key)
            and migrated.key not in schema.tables
            and not migrated.incomplete
        ):
            found.append(
                Difference(
                    "extra",
                    ("table", *migrated.key),
                    migrated.name_span,
                    f"The migrations create table `{table_label(migrated)}`, "
                    "which the Prisma schema has no model for",
                )
            )
    return found


def _missing_table(table: Table, scope: PrismaScope, marks: HistoryMarks) -> Difference:
    key = ("table", *table.key)
    model = _model_label(table, scope)
    dropped = marks.removed.get(key)
    if dropped is not None:
        message = f"This drops table {model}, which the Prisma schema still declares"
        return Difference("missing", key, dropped, message, removed=True)
    message = f"Model {model} has no table in the migrations"
    return Difference("missing", key, table.name_span, message)


def _model_label(table: Table, scope: PrismaScope) -> str:
    model = scope.models.get(table.key, table.name)
    if model == table.name:
        return f"`{model}`"
    return f"`{model}` (table `{table_label(table)}`)"


def _field_label(column: Column) -> str:
    if column.field is None or column.field == column.name:
        return f"`{column.name}`"
    return f"`{column.field}` (column `{column.name}`)"


def _clip(name: str, dialect: str) -> str:
    behaviour = behaviour_of(dialect)
    if not behaviour.truncates_identifiers:
        return name
    return name.encode()[: behaviour.max_identifier].decode(errors="ignore")


_CAST = re.compile(r"::[a-z_ ]+(\([0-9, ]*\))?(\[\])*$")


# The current time, however spelled: Prisma writes CURRENT_TIMESTAMP(3) on MySQL.
_NOW = re.compile(r"^(current_timestamp(\(\d*\))?|now\(\))$")


def _default(sql: str) -> str:
    text = " ".join(sql.lower().split())
    if _NOW.match(text):
        return "current_timestamp"
    while True:
        stripped = _CAST.sub("", text).strip()
        if stripped.startswith("(") and stripped.endswith(")"):
            stripped = stripped[1:-1].strip()
        if stripped == text:
            return text
        text = stripped


def _type(name: str) -> str:
    """Lower case, no quotes; only numeric type modifiers count (PostgreSQL keeps no others)."""
    text = name.replace('"', "").lower().replace(" ", "")
    base, paren, rest = text.partition("(")
    if not paren:
        return text
    mods, _, tail = rest.partition(")")
    numbers = [m for m in mods.split(",") if m.isdigit()]
    return f"{base}({','.join(numbers)}){tail}" if numbers else base + tail


def _column_state(column: Column) -> tuple[str, str, str]:
    nullability = "NOT NULL" if column.not_null else "NULL"
    default = "no default"
    if column.has_default:
        default = f"DEFAULT {column.default_sql}" if column.default_sql else "a default"
    return column.type_name, nullability, default


class _TableDiff:
    """The differences inside one table both sides have."""

    def __init__(
        self,
        declared: Table,
        migrated: Table,
        scope: PrismaScope,
        marks: HistoryMarks,
        dialect: str,
    ) -> None:
        self.declared = declared
        self.migrated = migrated
        self.scope = scope
        self.marks = marks
        self.dialect = dialect
        self.schema, self.name = declared.key
        self.model = _model_label(declared, scope)
        self.label = table_label(declared)
        declared_columns = {c.name for c in declared.columns}
        migrated_columns = {c.name for c in migrated.columns}
        self.missing_columns = declared_columns - migrated_columns
        self.extra_columns = migrated_columns - declared_columns

    def run(self) -> Iterator[Difference]:
        yield from self._columns()
        yield from self._indexes()
        yield from self._constraints()

    def _key(self, kind: str, name: str) -> ObjectKey:
        return (kind, self.schema, self.name, name)

    def _missing(self, key: ObjectKey, span: Span, dropped: str, absent: str) -> Difference:
        """On the statement that removed it if one did, else on the declaration."""
        removed = self.marks.removed.get(key)
        if removed is not None:
            return Difference("missing", key, removed, dropped, removed=True)
        return Difference("missing", key, span, absent)

    def _extra(
        self,
        kind: str,
        migrated: Column | Index | Constraint,
        made: str,
        where: str,
        lacks: str = "does not declare",
    ) -> Difference:
        """An object only the history has, on its definition: ``The migrations <made> `name`
        <where> `table`, which model M <lacks>``."""
        return Difference(
            "extra",
            self._key(kind, migrated.name),
            migrated.span,
            f"The migrations {made} `{migrated.name}` {where} `{self.label}`, which model "
            f"{self.model} {lacks}",
        )

    def _changed(self, key: ObjectKey, span: Span, message: str) -> Difference:
        changed = self.marks.changed.get(key)
        return Difference("differs", key, changed or span, message, removed=changed is not None)

    def _columns(self) -> Iterator[Difference]:
        for column in self.declared.columns:
            key = self._key("column", column.name)
            migrated = self.migrated.column(column.name)
            field = _field_label(column)
            if migrated is None:
                yield self._missing(
                    key,
                    column.span,
                    f"This drops column `{column.name}` of `{self.label}`, which model "
                    f"{self.model} still declares as field `{column.field or column.name}`",
                    f"Field {field} of model {self.model} has no column in the migrations",
                )
                continue
            ours, theirs = _column_state(column), _column_state(migrated)
            parts = [
                f"{their} (the schema says {our})"
                for our, their, same in zip(
                    ours, theirs, self._same_column(column, migrated), strict=True
                )
                if not same
            ]
            if parts:
                yield self._changed(
                    key,
                    migrated.span,
                    f"Column `{column.name}` of `{self.label}` is "
                    + ", ".join(parts)
                    + f" in the migrations, unlike field {field} of model {self.model}",
                )
        for migrated in self.migrated.columns:
            if migrated.name in self.extra_columns:
                yield self._extra("column", migrated, "add column", "to", "has no field for")

    def _same_column(self, ours: Column, theirs: Column) -> tuple[bool, bool, bool]:
        same_default = ours.has_default == theirs.has_default
        if same_default and ours.default_sql is not None and theirs.default_sql is not None:
            same_default = _default(ours.default_sql) == _default(theirs.default_sql)
        return (
            _type(ours.type_name) == _type(theirs.type_name),
            ours.not_null == theirs.not_null,
            same_default,
        )

    def _indexes(self) -> Iterator[Difference]:
        theirs = {_clip(i.name, self.dialect): i for i in _index_like(self.migrated)}
        ours = {_clip(i.name, self.dialect): i for i in self.declared.indexes}
        implicit = self._implicit_fk_indexes()
        # Same columns under another name: Prisma's differ renames the index (one change).
        unmatched = {
            _index_shape(i): name
            for name, i in theirs.items()
            if name not in ours and name not in implicit
        }
        renamed: set[str] = set()
        for name, index in ours.items():
            if self._on_missing_column(index.columns, self.missing_columns):
                continue
            key = self._key("index", index.name)
            migrated = theirs.get(name)
            shape = _index_shape(index)
            other = unmatched.pop(shape, None) if migrated is None else None
            if other is not None:
                renamed.add(other)
                removed = self.marks.removed.get(key)
                yield Difference(
                    "differs",
                    key,
                    removed or theirs[other].span,
                    f"Index `{index.name}` of model {self.model} is named "
                    f"`{theirs[other].name}` in the migrations",
                    removed=removed is not None,
                )
            elif migrated is None:
                yield self._missing(
                    key,
                    index.span,
                    f"This drops index `{index.name}` on `{self.label}`, which model "
                    f"{self.model} still declares",
                    f"Index `{index.name}` of model {self.model} is not in the migrations",
                )
            elif _index_shape(migrated) != shape:
                yield self._changed(
                    self._key("index", migrated.name),
                    migrated.span,
                    f"Index `{index.name}` on `{self.label}` is {_describe(migrated)} in the "
                    f"migrations; model {self.model} declares {_describe(index)}",
                )
        for name, migrated in theirs.items():
            if (
                name not in ours
                and name not in implicit
                and name not in renamed
                and not self._on_missing_column(migrated.columns, self.extra_columns)
            ):
                yield self._extra("index", migrated, "create index", "on")

    def _implicit_fk_indexes(self) -> set[str]:
        """MySQL (InnoDB) indexes a foreign key by itself, under the key's name; Prisma's
        differ leaves those indexes out."""
        if not behaviour_of(self.dialect).innodb_keys:
            return set()
        return {c.name for c in self.migrated.foreign_keys}

    def _constraint_name(self, constraint: Constraint) -> str:
        """MySQL calls every primary key PRIMARY, and Prisma ignores primary key names on
        SQLite: there a table's primary key is compared as the one it has."""
        if (
            constraint.kind == "primary_key"
            and not behaviour_of(self.dialect).primary_key_names_kept
        ):
            return "(primary key)"
        return _clip(constraint.name, self.dialect)

    def _constraints(self) -> Iterator[Difference]:
        theirs = {
            self._constraint_name(c): c
            for c in self.migrated.constraints
            if c.kind in _COMPARED_CONSTRAINTS
        }
        ours = {
            self._constraint_name(c): c
            for c in self.declared.constraints
            if c.kind in _COMPARED_CONSTRAINTS
        }
        for name, constraint in ours.items():
            if self._on_missing_column(constraint.columns, self.missing_columns):
                continue
            key = self._key("constraint", constraint.name)
            what = _constraint_word(constraint)
            migrated = theirs.get(name)
            if migrated is None:
                yield self._missing(
                    key,
                    constraint.span,
                    f"This drops {what} `{constraint.name}` of `{self.label}`, which model "
                    f"{self.model} still declares",
                    f"The {what} `{constraint.name}` of model {self.model} is not in the "
                    "migrations",
                )
            elif migrated.shape != constraint.shape:
                yield self._changed(
                    self._key("constraint", migrated.name),
                    migrated.span,
                    f"The {what} `{constraint.name}` of `{self.label}` is "
                    f"{_describe_constraint(migrated)} in the migrations; model {self.model} "
                    f"declares {_describe_constraint(constraint)}",
                )
        for name, migrated in theirs.items():
            if name not in ours and not self._on_missing_column(
                migrated.columns, self.extra_columns
            ):
                yield self._extra("constraint", migrated, f"add {_constraint_word(migrated)}", "to")

    @staticmethod
    def _on_missing_column(columns: Iterable[str | None], missing: set[str]) -> bool:
        return any(column in missing for column in columns if column is not None)


def _index_like(table: Table) -> list[Index]:
    """The table's indexes, and its UNIQUE constraints as the unique indexes they are."""
    found = list(table.indexes)
    found.extend(
        Index(c.name, c.columns, c.span, unique=True)
        for c in table.constraints
        if c.kind == "unique"
    )
    return found


def _index_shape(index: Index) -> tuple[object, ...]:
    # The SQL frontends read a FULLTEXT index as a plain one.
    return replace(index, method="btree").shape if index.method == "fulltext" else index.shape


def _describe(index: Index) -> str:
    kind = "a unique index" if index.unique else "an index"
    columns = backticked((c or "(expression)" for c in index.columns), "and")
    extras = []
    if index.partial:
        extras.append("partial")
    if index.method not in ("btree", "fulltext"):
        extras.append(f"using {index.method}")
    suffix = f" ({', '.join(extras)})" if extras else ""
    return f"{kind} on {columns}{suffix}"


def _constraint_word(constraint: Constraint) -> str:
    return "primary key" if constraint.kind == "primary_key" else "foreign key"


def _describe_constraint(constraint: Constraint) -> str:
    text = f"on {backticked(constraint.columns, 'and')}"
    if constraint.kind == "foreign_key":
        target = constraint.ref_table or "?"
        if constraint.ref_schema not in (None, "public", "main"):
            target = f"{constraint.ref_schema}.{target}"
        text += f" referencing `{target}`({', '.join(constraint.ref_columns)})"
        text += f" ON DELETE {(constraint.on_delete or 'no action').upper()}"
    return text
