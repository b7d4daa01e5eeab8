"""SL505 table-rewrite: a statement that rewrites an existing table under an ACCESS EXCLUSIVE
lock."""

from __future__ import annotations

import re

from schemalint import ir
from schemalint.catalog.model import Catalog
from schemalint.findings import Severity
from schemalint.rules._naming import table_label
from schemalint.rules._safety import existing_table
from schemalint.rules.base import ChangeContext, ChangeRule, RuleOptions

# Built-in functions PostgreSQL marks VOLATILE that defaults commonly call: a default calling
# one is evaluated per row, so ADD COLUMN writes every row. (now(), current_timestamp and the
# like are STABLE: one value for the statement, stored in the catalog.)
VOLATILE_FUNCTIONS = frozenset(
    {
        "clock_timestamp",
        "gen_random_uuid",
        "nextval",
        "random",
        "timeofday",
        "uuid_generate_v1",
        "uuid_generate_v1mc",
        "uuid_generate_v4",
        "uuidv4",
        "uuidv7",
    }
)
_TYPE = re.compile(r"^([a-z_0-9 ]+?)(?:\((\d+)(?:,(\d+))?\))?$")
_BLOCKS = "while it blocks reads and writes"
_HELP = (
    "It takes an ACCESS EXCLUSIVE lock on the table and writes a new copy of every row and "
    "every index under it: nothing can read or write the table until it is done, and it needs "
    "room for a second copy. "
)


def _volatile(catalog: Catalog, name: str) -> bool:
    """Whether a call of ``name`` (unqualified) in a default is volatile: a built-in marked
    VOLATILE, or a function of the history whose ``CREATE FUNCTION`` did not say ``STABLE`` or
    ``IMMUTABLE`` (any overload of that name: the call's argument types are not known here)."""
    if name in VOLATILE_FUNCTIONS:
        return True
    return any(f.volatility == "volatile" for f in catalog.functions.values() if f.name == name)


def _parts(type_name: str) -> tuple[str, int | None, int | None] | None:
    found = _TYPE.match(type_name.strip())
    if found is None:
        return None
    base, first, second = found.groups()
    return base, int(first) if first else None, int(second) if second else None


def type_change(old: str, new: str) -> str:
    """``"none"`` when PostgreSQL changes the column type without rewriting the table (the
    binary-coercible cases the oracle verified), ``"timezone"`` for timestamp to timestamptz
    (no rewrite only when the session TimeZone is UTC), else ``"rewrite"``."""
    if old == new:
        return "none"
    before, after = _parts(old), _parts(new)
    if before is None or after is None:
        return "rewrite"
    (old_base, old_size, old_scale), (new_base, new_size, new_scale) = before, after
    if (old_base, new_base) == ("varchar", "text") or (
        (old_base, new_base, new_size) == ("text", "varchar", None)
    ):
        return "none"
    if old_base == "varchar" and new_base == "varchar":
        return (
            "none"
            if new_size is None or (old_size is not None and new_size >= old_size)
            else "rewrite"
        )
    if old_base == "numeric" and new_base == "numeric":
        if new_size is None:
            return "none"
        widened = old_size is not None and new_size >= old_size
        return "none" if widened and (old_scale or 0) == (new_scale or 0) else "rewrite"
    if (old_base, new_base) == ("timestamp", "timestamptz") and old_size == new_size:
        return "timezone"
    return "rewrite"


class TableRewrite(ChangeRule[RuleOptions]):
    code = "SL505"
    name = "table-rewrite"
    severity = Severity.WARNING
    summary = (
        "Flags statements that rewrite a table that already exists under an ACCESS EXCLUSIVE "
        "lock: volatile defaults, stored generated columns, type changes that are not "
        "binary-coercible, `SET LOGGED`/`UNLOGGED`, `VACUUM FULL`, `CLUSTER`"
    )
    statement_types = (ir.AddColumn, ir.AlterColumnType, ir.RewriteTable, ir.NonTransactional)
    dialects = frozenset({"postgres"})

    def check(self, statement: ir.Statement, ctx: ChangeContext[RuleOptions]) -> None:
        if ctx.in_body:
            return
        if isinstance(statement, ir.AddColumn):
            self._add_column(statement, ctx)
        elif isinstance(statement, ir.AlterColumnType):
            self._alter_type(statement, ctx)
        elif isinstance(statement, ir.RewriteTable) and statement.tables:
            self._commands(statement.command, statement.tables, ctx)
        elif isinstance(statement, ir.RewriteTable):
            self._everything(statement, "CLUSTER", "every table clustered before", ctx)
        elif isinstance(statement, ir.NonTransactional) and statement.rewrites_all:
            self._everything(statement, "VACUUM FULL", "every table of the database", ctx)
        elif isinstance(statement, ir.NonTransactional) and statement.rewrites:
            self._commands("VACUUM FULL", statement.rewrites, ctx)

    def _commands(
        self, command: str, refs: tuple[ir.TableRef, ...], ctx: ChangeContext[RuleOptions]
    ) -> None:
        for ref in refs:
            table = existing_table(ctx, ref)
            if table is None:
                continue
            ctx.report(
                ref.span,
                f"`{command}` rewrites `{table_label(table)}` {_BLOCKS}",
                help=_COMMAND_HELP[command],
            )

    def _everything(
        self, statement: ir.Statement, command: str, what: str, ctx: ChangeContext[RuleOptions]
    ) -> None:
        """A ``VACUUM FULL`` or ``CLUSTER`` that names no table: it rewrites them all."""
        ctx.report(
            statement.span,
            f"`{command}` without a table rewrites {what}, one after the other, each while it "
            "blocks its reads and writes",
            help=_EVERYTHING_HELP[command],
        )

    def _add_column(self, statement: ir.AddColumn, ctx: ChangeContext[RuleOptions]) -> None:
        column = statement.column
        table = existing_table(ctx, statement.table)
        if table is None or table.column(column.name) is not None:
            return
        version = ctx.settings.postgres_version
        volatile = [f for f in column.default_calls if _volatile(ctx.catalog, f)]
        if column.filled_by == "serial":
            why = f"the serial type `{column.type_name}` (a `nextval()` default)"
        elif column.filled_by == "identity":
            why = "an identity (a `nextval()` default)"
        elif column.filled_by == "stored":
            why = "a stored generated expression"
        elif volatile:
            why = f"the volatile default `{volatile[0]}()`"
        elif column.default_sql is not None and version is not None and version < 11:
            why = "a default (before PostgreSQL 11 every default is written into each row)"
        else:
            return
        if column.filled_by != "stored":
            advice = _DEFAULT_HELP
        elif version is not None and version < 18:
            advice = _STORED_HELP
        else:
            advice = _STORED_FROM_18_HELP
        ctx.report(
            column.name_span,
            f"Adding `{column.name}` with {why} rewrites `{table_label(table)}` {_BLOCKS}",
            help=advice,
        )

    def _alter_type(self, statement: ir.AlterColumnType, ctx: ChangeContext[RuleOptions]) -> None:
        table = existing_table(ctx, statement.table)
        column = table.column(statement.column) if table is not None else None
        if table is None or column is None or not column.type_name:
            return
        verdict = (
            "rewrite" if statement.using else type_change(column.type_name, statement.type_name)
        )
        if verdict == "none":
            return
        change = f"`{column.type_name}` to `{statement.type_name}`"
        if verdict == "timezone":
            message = (
                f"Changing `{table_label(table)}.{statement.column}` from {change} rewrites "
                f"the table {_BLOCKS}, unless the session TimeZone is UTC"
            )
            advice = _TIMEZONE_HELP
        else:
            message = (
                f"Changing `{table_label(table)}.{statement.column}` from {change} rewrites "
                f"the table {_BLOCKS}"
            )
            advice = _TYPE_HELP
        ctx.report(statement.column_span, message, help=advice)


_COMMAND_ADVICE = {
    "SET LOGGED": (
        "`SET LOGGED` writes the whole table into the write-ahead log. Create the table "
        "logged from the start, or run this in a maintenance window."
    ),
    "SET UNLOGGED": (
        "An unlogged table also loses its rows after a crash. Run it in a maintenance window."
    ),
    "VACUUM FULL": (
        "Plain `VACUUM` reclaims space for reuse without the lock; to shrink the table, use "
        "pg_repack or pg_squeeze, which rewrite it online."
    ),
    "CLUSTER": ("Run it in a maintenance window, or reorder the table online with pg_repack."),
}
# The helps, built once: nothing in them varies per finding.
_COMMAND_HELP = {command: _HELP + advice for command, advice in _COMMAND_ADVICE.items()}
_EVERYTHING_HELP = {
    command: "Each table in turn is locked ACCESS EXCLUSIVE and copied with its indexes: nothing "
    "can read or write it meanwhile, and the disk needs room for the copy. Name the tables that "
    "need it. " + advice
    for command, advice in _COMMAND_ADVICE.items()
}
_DEFAULT_HELP = _HELP + (
    "Add the column without the default (or as a plain nullable column), set the default for "
    "new rows with `ALTER COLUMN ... SET DEFAULT`, and backfill old rows in batches."
)
_STORED_HELP = _HELP + (
    "Add a plain column, fill it with a trigger for new rows and batched `UPDATE`s for old ones."
)
_STORED_FROM_18_HELP = (
    _STORED_HELP + " On PostgreSQL 18 and later a `VIRTUAL` generated column adds no data."
)
_TYPE_HELP = _HELP + (
    "Add a column of the new type, keep both in step with a trigger, backfill in batches, then "
    "switch over and drop the old column in later migrations. Widening `varchar`, `varchar` to "
    "`text` and raising `numeric` precision at the same scale do not rewrite."
)
_TIMEZONE_HELP = _HELP + (
    "PostgreSQL 12 and later skip the rewrite only when the session's TimeZone is UTC (the "
    "stored values then mean the same instants): run the migration with `SET TimeZone = 'UTC'` "
    "first, in the same session."
)
