"""SL201 unindexed-foreign-key: a foreign key whose columns lead no index."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemalint.catalog import provenance
from schemalint.catalog.model import Constraint, Table
from schemalint.findings import Help, Severity
from schemalint.rules._index_fix import prisma_fix, prisma_index, sql_advice, sql_index
from schemalint.rules._naming import backticked, field_labels, table_label, table_subject
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule
from schemalint.source import Span
from schemalint.tools.dialects import DIALECTS

if TYPE_CHECKING:
    from schemalint.tools.transactions import TransactionModel

# ``{0}``: the referenced table; ``{1}``: the table; ``{2}``: the key's columns; ``{3}``: how to
# index them.
_HELP = (
    "Every delete or key update on {0} looks up the rows of `{1}` that reference it; without an "
    "index that starts with {2} each lookup scans the whole table, and joins on the key are "
    "slow. {3}"
)


_INDEX_BACKED = frozenset({"primary_key", "unique", "exclude"})


def is_covered(table: Table, columns: tuple[str, ...]) -> bool:
    """Whether some usable index, or index-backed constraint, starts with ``columns``.

    The leading columns may come in any order: PostgreSQL uses the index for the equality
    lookups a foreign key needs (cascades, RESTRICT checks, joins) whatever their order. An
    exclusion constraint counts too: its GiST index (with btree_gist, as such keys need) serves
    the same equality lookups on its leading column. A partial index counts only when its
    predicate says no more than that key columns are not null: the lookups' ``col = $1``
    implies it, so the planner uses the index even for their generic plans.
    """
    width = len(columns)
    if width == 1:
        return _covers_one(table, columns[0])
    wanted = set(columns)
    for constraint in table.constraints:
        key = constraint.columns
        if constraint.kind in _INDEX_BACKED and len(key) >= width and set(key[:width]) == wanted:
            return True
    for index in table.indexes:
        leading = index.columns
        if len(leading) >= width and set(leading[:width]) == wanted:
            predicate = index.not_null_predicate
            if not index.partial or (predicate and wanted >= set(predicate)):
                return True
    return False


def _covers_one(table: Table, column: str) -> bool:
    """``is_covered`` for a one-column key (most are), without building sets."""
    for constraint in table.constraints:
        key = constraint.columns
        if constraint.kind in _INDEX_BACKED and key and key[0] == column:
            return True
    for index in table.indexes:
        leading = index.columns
        if leading and leading[0] == column:
            predicate = index.not_null_predicate
            if not index.partial or (predicate and all(p == column for p in predicate)):
                return True
    return False


def uncovered_key_columns(table: Table) -> set[str]:
    """The columns of ``table``'s foreign keys that no index leads (SL201 reports those keys:
    its fix indexes them)."""
    return {
        column
        for fk in table.foreign_keys
        if fk.columns and not is_covered(table, fk.columns)
        for column in fk.columns
    }


def finding_span(table: Table, fk: Constraint) -> Span:
    """Where the finding is: the DROP INDEX (or DROP CONSTRAINT, DROP COLUMN) that removed the
    key's last index, unless the key itself came later (ALTER TABLE ... ADD CONSTRAINT: its
    definition)."""
    change = table.latest(provenance.key(fk.columns), provenance.constraint(fk.name))
    moved = change is not None and change.prop != provenance.constraint(fk.name)
    return change.span if change is not None and moved else fk.span


def _referenced(fk: Constraint) -> str | None:
    """The referenced table as messages name it: qualified outside the default schema."""
    if fk.ref_table is None:
        return None
    if fk.ref_schema in (None, "public", "main"):
        return fk.ref_table
    return f"{fk.ref_schema}.{fk.ref_table}"


def _cloned(ctx: SchemaContext[RuleOptions], table: Table, fk: Constraint) -> bool:
    """A partition's copy of its parent's foreign key: the parent's finding covers it (an
    index made on the parent is made on every partition)."""
    if not table.partition or not table.parents:
        return False
    parent = ctx.catalog.tables.get(table.parents[0])
    twin = parent.constraint(fk.name) if parent is not None else None
    return twin is not None and twin.kind == "foreign_key" and twin.columns == fk.columns


class UnindexedForeignKey(SchemaRule[RuleOptions]):
    code = "SL201"
    name = "unindexed-foreign-key"
    severity = Severity.WARNING
    summary = "Flags a foreign key whose columns are not the leading columns of any index"
    origins = frozenset({"sql", "prisma"})
    # MySQL (InnoDB) creates an index for every foreign key by itself.
    dialects = frozenset({"postgres", "sqlite"})
    fixable = True

    def check(self, ctx: SchemaContext[RuleOptions]) -> None:
        runner: list[TransactionModel | None] = []  # the runner's model, built once if needed
        for table in ctx.tables():
            for fk in table.foreign_keys:
                uncovered = fk.columns and not is_covered(table, fk.columns)
                if uncovered and not _cloned(ctx, table, fk):
                    if not runner:
                        runner.append(ctx.settings.transaction_model())
                    self._report(ctx, table, fk, runner[0])

    def _report(
        self,
        ctx: SchemaContext[RuleOptions],
        table: Table,
        fk: Constraint,
        runner: TransactionModel | None,
    ) -> None:
        label = table_label(table)
        referenced = _referenced(fk)
        parent = f"`{referenced}`" if referenced else "the referenced table"
        at = finding_span(table, fk)
        moved = at != fk.span
        if table.origin == "prisma":
            attribute = prisma_index(table, fk)
            source = ctx.source(table.span.path)
            name = table.name_span
            model = source.text[name.start : name.end] if source else table.name
            how = f"Add `{attribute}` to model `{model}`."
            fix = prisma_fix(table, attribute, source)
        else:
            # The index goes after the statement the finding is at: the key's, or the DROP.
            statement = at if moved else fk.statement_span
            source = ctx.source(statement.path) if statement else None
            dialect = DIALECTS[ctx.settings.dialect]
            index = sql_index(table, fk, dialect, runner, source, statement)
            how = sql_advice(index, table)
            # The fix is a new migration, planned over every finding of the history (the next
            # versions, free index names): ``schemalint.fix`` attaches it after the rules ran.
            fix = None
        subject = table_subject(table, ctx.text(table.span.path), "")
        target = ctx.catalog.table(fk.ref_schema, fk.ref_table) if fk.ref_table else None
        parent_label = f"`{referenced}`" if referenced else ""
        if target is not None and table.origin == "prisma":
            parent_label = table_subject(target, ctx.text(target.span.path), "")
        ctx.report(
            at,
            f"Foreign key {field_labels(table, fk.columns)} on {subject}"
            + (f" (referencing {parent_label})" if parent_label else "")
            + " has no index",
            help=Help(_HELP, (parent, label, backticked(fk.columns, "and"), how)),
            fix=fix,
            defined=fk.span,
        )
