"""SL102 table-without-rls."""

from __future__ import annotations

from schemalint.rules.sl102_table_without_rls import TableWithoutRls
from tests.rules.catalogs import PATH, SOURCE, SUB_STATEMENT, WS_STATEMENT, catalog, table
from tests.rules.helpers import check_catalog, span_of

ALTER = span_of(SOURCE, "ALTER TABLE submissions ENABLE ROW LEVEL SECURITY")


def test_exposed_table_without_rls_is_reported_at_its_name() -> None:
    found = check_catalog(TableWithoutRls, catalog(table("workspaces", WS_STATEMENT)), SOURCE)
    assert [seen for seen, _, _ in found] == [
        (
            "SL102", PATH, 2, 14,
            "Table `workspaces` is in the exposed schema `public` without row level security",
        )
    ]  # fmt: skip
    assert [(help_text, fix) for _, help_text, fix in found] == [
        (
            "The API serves every table of an exposed schema to any client holding the public "
            "key; without row level security every row is readable and writable. Add "
            "`ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;` and policies that scope rows to "
            "the user's tenant.",
            None,
        )
    ]


def test_rls_enabled_anywhere_in_the_history_counts() -> None:
    enabled = table("submissions", SUB_STATEMENT, rls_enabled=True, rls_span=ALTER)
    assert check_catalog(TableWithoutRls, catalog(enabled), SOURCE) == []


def test_tables_in_non_exposed_schemas_are_not_asked_for_rls() -> None:
    private = table("workspaces", WS_STATEMENT, schema="private")
    assert check_catalog(TableWithoutRls, catalog(private), SOURCE) == []
    exposed = check_catalog(
        TableWithoutRls, catalog(private), SOURCE, options={"exposed-schemas": ["private"]}
    )
    assert [seen for seen, _, _ in exposed] == [
        (
            "SL102", PATH, 2, 14,
            "Table `private.workspaces` is in the exposed schema `private` without row level "
            "security",
        )
    ]  # fmt: skip
