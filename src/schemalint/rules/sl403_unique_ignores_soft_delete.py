"""SL403 unique-ignores-soft-delete: a unique key that soft-deleted rows still hold."""

from __future__ import annotations

from schemalint.catalog import provenance
from schemalint.catalog.model import Catalog, Constraint, Index, Table
from schemalint.findings import Help, Severity
from schemalint.rules._naming import (
    backticked,
    find_column,
    listed,
    quote_identifier,
    sql_table_name,
    table_label,
)
from schemalint.rules._tenancy import describe_key, key_columns, prisma_fields, unique_keys
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule
from schemalint.rules.sl201_unindexed_foreign_key import is_covered


class UniqueIgnoresSoftDeleteOptions(RuleOptions):
    # None: the project-wide soft-delete column (``soft-delete-column`` in the config).
    column: str | None = None
    # Tables whose unique keys hold for deleted rows too, as ``name`` or ``schema.name``.
    exempt: tuple[str, ...] = ()


def _referenced(catalog: Catalog, table: Table, columns: tuple[str, ...]) -> bool:
    """Whether some foreign key references exactly these columns of ``table``."""
    wanted = set(columns)
    for other in catalog:
        for fk in other.foreign_keys:
            if (
                fk.ref_table == table.name
                and fk.ref_schema in (None, table.schema)
                and set(fk.ref_columns) == wanted
            ):
                return True
    return False


def _uncovered_foreign_keys(table: Table, key: Constraint | Index) -> list[Constraint]:
    """The table's foreign keys that only ``key`` indexes (lost if it becomes partial)."""
    if isinstance(key, Constraint):
        without = table.with_changes(constraints=tuple(c for c in table.constraints if c != key))
    else:
        without = table.with_changes(indexes=tuple(i for i in table.indexes if i != key))
    return [
        fk
        for fk in table.foreign_keys
        if fk.columns and is_covered(table, fk.columns) and not is_covered(without, fk.columns)
    ]


class UniqueIgnoresSoftDelete(SchemaRule[UniqueIgnoresSoftDeleteOptions]):
    code = "SL403"
    name = "unique-ignores-soft-delete"
    severity = Severity.WARNING
    summary = (
        "Flags a unique constraint or index on a soft-delete table that also counts deleted rows"
    )
    options_model = UniqueIgnoresSoftDeleteOptions
    origins = frozenset({"sql", "prisma"})
    # MySQL has no partial indexes; the fix cannot be written there.
    dialects = frozenset({"postgres", "sqlite"})

    def check(self, ctx: SchemaContext[UniqueIgnoresSoftDeleteOptions]) -> None:
        wanted = ctx.options.column or ctx.settings.soft_delete_column
        for table in ctx.tables():
            deleted = find_column(table, (wanted,))
            if deleted is None or listed(ctx.options.exempt, table.schema, table.name):
                continue
            for key in unique_keys(table):
                # A Prisma `where:` is not read: only a replayed predicate is known.
                if (
                    isinstance(key, Index)
                    and key.partial
                    and (table.origin == "prisma" or deleted.name in key.predicate_columns)
                ):
                    continue
                columns = key_columns(key)
                if not columns or _referenced(ctx.catalog, table, columns):
                    continue
                self._report(ctx, table, key, columns, deleted.name)

    def _report(
        self,
        ctx: SchemaContext[UniqueIgnoresSoftDeleteOptions],
        table: Table,
        key: Constraint | Index,
        columns: tuple[str, ...],
        deleted: str,
    ) -> None:
        dialect = ctx.settings.dialect
        fks = _uncovered_foreign_keys(table, key)
        if table.origin == "prisma":
            where = quote_identifier(deleted, dialect).replace('"', '\\"')
            how = (
                f'Make it `@@unique([{prisma_fields(table, columns)}], where: raw("{where} IS NULL"))` '
                "(the `partialIndexes` preview feature), or create that partial index in a "
                "migration."
            )
            for fk in fks:
                how += f" Add `@@index([{prisma_fields(table, fk.columns)}])` for the foreign key."
        else:
            name = sql_table_name(table, dialect)
            quoted = ", ".join(quote_identifier(c, dialect) for c in columns)
            drop = (
                f"ALTER TABLE {name} DROP CONSTRAINT {quote_identifier(key.name, dialect)}"
                if isinstance(key, Constraint)
                else f"DROP INDEX {quote_identifier(key.name, dialect)}"
            )
            deleted_sql = quote_identifier(deleted, dialect)
            create = (
                f"CREATE UNIQUE INDEX {quote_identifier(key.name, dialect)} ON {name} ({quoted})"
            )
            if isinstance(key, Index) and key.partial:
                how = (
                    f"Add `{deleted_sql} IS NULL` to its predicate: `{drop}`, then "
                    f"`{create} WHERE <its condition> AND {deleted_sql} IS NULL`."
                )
            else:
                how = f"Replace it: `{drop}` and `{create} WHERE {deleted_sql} IS NULL`."
            for fk in fks:
                fk_columns = ", ".join(quote_identifier(c, dialect) for c in fk.columns)
                index = quote_identifier(f"{table.name}_{'_'.join(fk.columns)}_idx", dialect)
                how += (
                    f" It is also the index of the foreign key {backticked(fk.columns, 'and')}: "
                    f"keep one with `CREATE INDEX {index} ON {name} ({fk_columns})` (a partial "
                    "index does not serve it)."
                )
        # Made true where the soft-delete column arrived, if that came after the key.
        change = table.latest(provenance.column(deleted))
        ctx.report(
            provenance.made_at(change, key.span, key.order),
            f"{describe_key(key)} on `{table_label(table)}` ({backticked(columns, 'and')}) "
            "also counts soft-deleted rows",
            help=Help(_HELP, (deleted, how)),
            defined=key.span,
        )


# ``{0}``: the soft-delete column; ``{1}``: how to change the key (and keep the foreign keys'
# index).
_HELP = (
    "A row with `{0}` set still holds its value: creating it again (a slug, a name, a "
    "membership) fails although the old row is gone for the user. {1}"
)
