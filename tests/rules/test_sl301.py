"""SL301 not-null-without-backfill, on hand-made IR of a second migration."""

from __future__ import annotations

from schemalint import ir
from schemalint.catalog.model import Catalog, Column, Table
from schemalint.rules.sl301_not_null_without_backfill import NotNullWithoutBackfill
from schemalint.source import SourceFile, Span
from tests.rules.helpers import check_change, span_of

OLD = SourceFile("m/0001.sql", "CREATE TABLE challenges (id uuid, status text);")
PATH = "m/0002.sql"
TEXT = """\
ALTER TABLE challenges ADD COLUMN priority integer NOT NULL;
UPDATE challenges SET status = 'draft' WHERE status IS NULL;
ALTER TABLE challenges ALTER COLUMN status SET NOT NULL;
"""
SOURCE = SourceFile(PATH, TEXT)
REF = ir.TableRef(None, "challenges", span_of(SOURCE, "challenges"))


def _catalog() -> Catalog:
    whole = Span(OLD.path, 0, len(OLD.text) - 1)
    table = Table(
        "public", "challenges", whole, Span(OLD.path, 13, 23),
        columns=(
            Column("id", "uuid", False, False, whole),
            Column("status", "text", False, False, whole),
        ),
    )  # fmt: skip
    return Catalog(tables={table.key: table})


def _add_priority() -> ir.AddColumn:
    name = span_of(SOURCE, "priority")
    column = ir.ColumnDef("priority", "integer", True, False, name, name)
    return ir.AddColumn(span_of(SOURCE, TEXT.splitlines()[0][:-1]), REF, column)


def _set_not_null() -> ir.SetNotNull:
    return ir.SetNotNull(
        span_of(SOURCE, TEXT.splitlines()[2][:-1]), REF, "status", span_of(SOURCE, "status", 3)
    )


def _update() -> ir.Update:
    return ir.Update(span_of(SOURCE, TEXT.splitlines()[1][:-1]), REF, ("status",), True)


def test_add_column_not_null_without_default_on_an_existing_table_is_reported() -> None:
    found = check_change(NotNullWithoutBackfill, [_add_priority()], _catalog(), SOURCE)
    assert [seen for seen, _, _ in found] == [
        (
            "SL301", PATH, 1, 35,
            "Column `priority` is added to `challenges` as NOT NULL without a default",
        )
    ]  # fmt: skip


def test_set_not_null_without_backfill_is_reported_at_the_column() -> None:
    found = check_change(NotNullWithoutBackfill, [_set_not_null()], _catalog(), SOURCE)
    assert [seen for seen, _, _ in found] == [
        (
            "SL301", PATH, 3, 37,
            "Column `challenges.status` is set NOT NULL without a backfill earlier in this "
            "migration",
        )
    ]  # fmt: skip


def test_set_not_null_after_an_update_of_the_column_in_the_same_file_is_fine() -> None:
    statements = [_update(), _set_not_null()]
    assert check_change(NotNullWithoutBackfill, statements, _catalog(), SOURCE) == []


def test_update_inside_a_do_block_counts_as_a_backfill() -> None:
    block = ir.DoBlock(_update().span, "plpgsql", (_update(),))
    statements = [block, _set_not_null()]
    assert check_change(NotNullWithoutBackfill, statements, _catalog(), SOURCE) == []


def test_table_created_in_the_same_file_is_empty_so_nothing_is_reported() -> None:
    create = ir.CreateTable(span_of(SOURCE, TEXT.splitlines()[1][:-1]), REF, (), ())
    catalog = _catalog()
    table = catalog.tables[("public", "challenges")]
    catalog.tables[table.key] = table.with_changes(span=create.span)
    statements = [create, _add_priority()]
    assert check_change(NotNullWithoutBackfill, statements, catalog, SOURCE) == []
