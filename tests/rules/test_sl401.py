"""SL401 hard-delete, on hand-made IR."""

from __future__ import annotations

from pathlib import Path

from schemalint import engine, ir
from schemalint.catalog.model import Catalog, Column, Table
from schemalint.config import Config
from schemalint.inputs.discovery import Discovery, Stream
from schemalint.rules.base import DEFAULT_EXCLUDED_SCHEMAS
from schemalint.rules.sl401_hard_delete import HardDelete
from schemalint.source import SourceFile
from schemalint.tools.registry import PLAIN
from tests.rules.helpers import apply_fix, check_change, lint, seen, span_of

PATH = "m/0003.sql"
TEXT = """\
DELETE FROM submissions WHERE status = 'spam';
TRUNCATE sessions, submissions;
"""
SOURCE = SourceFile(PATH, TEXT)


def _catalog(*columns: str) -> Catalog:
    span = span_of(SOURCE, "submissions")
    table = Table(
        "public", "submissions", span, span,
        columns=tuple(Column(c, "text", False, False, span) for c in columns),
    )  # fmt: skip
    return Catalog(tables={table.key: table})


def _delete() -> ir.Delete:
    return ir.Delete(
        span_of(SOURCE, "DELETE FROM submissions WHERE status = 'spam'"),
        ir.TableRef(None, "submissions", span_of(SOURCE, "submissions")),
        True,
        head_span=span_of(SOURCE, "DELETE FROM submissions"),
        where_sql="status = 'spam'",
    )


def test_delete_with_soft_delete_column_gets_the_update_as_help_and_fix() -> None:
    found = check_change(HardDelete, [_delete()], _catalog("id", "deleted_at"), SOURCE)
    assert [seen for seen, _, _ in found] == [
        ("SL401", PATH, 1, 1, "`DELETE` hard-deletes rows of `submissions`")
    ]
    _, help_text, fix = found[0]
    assert "Use `UPDATE submissions SET deleted_at = now() WHERE status = 'spam'`" in help_text
    assert fix is not None
    assert apply_fix(TEXT, fix).splitlines()[0] == (
        "UPDATE submissions SET deleted_at = now() WHERE status = 'spam';"
    )


def test_delete_in_a_function_body_is_reported_without_fix() -> None:
    found = check_change(HardDelete, [_delete()], _catalog("deleted_at"), SOURCE, in_body=True)
    assert [(seen, fix) for seen, _, fix in found] == [
        (
            (
                "SL401", PATH, 1, 1,
                "`DELETE` hard-deletes rows of `submissions` inside a function or DO block",
            ),
            None,
        )
    ]  # fmt: skip


def test_delete_without_soft_delete_column_advises_adding_it() -> None:
    found = check_change(HardDelete, [_delete()], _catalog("id"), SOURCE)
    assert found == [
        (
            ("SL401", PATH, 1, 1, "`DELETE` hard-deletes rows of `submissions`"),
            "Rows are soft-deleted so that they can be restored, audited and still satisfy "
            "foreign keys; a hard delete loses them for good. Give the table a `deleted_at` "
            "column and set it instead. If the table holds disposable data (cache, sessions), "
            "list it under this rule's `allow` option.",
            None,
        )
    ]


def test_truncate_names_only_the_tables_not_allowed() -> None:
    truncate = ir.Truncate(
        span_of(SOURCE, "TRUNCATE sessions, submissions"),
        (
            ir.TableRef(None, "sessions", span_of(SOURCE, "sessions")),
            ir.TableRef(None, "submissions", span_of(SOURCE, "submissions", 2)),
        ),
    )
    found = check_change(
        HardDelete, [truncate], _catalog(), SOURCE, options={"allow": ["public.sessions"]}
    )
    assert [seen for seen, _, _ in found] == [
        ("SL401", PATH, 2, 1, "`TRUNCATE` hard-deletes every row of `submissions`")
    ]


def test_allowed_tables_are_exempt() -> None:
    found = check_change(
        HardDelete, [_delete()], _catalog(), SOURCE, options={"allow": ["submissions"]}
    )
    assert found == []


def test_deletes_in_platform_schemas_are_not_application_data(tmp_path: Path) -> None:
    sql = (
        "create table public.notes (id bigint primary key);\n"
        "delete from storage.objects where bucket_id = 'avatars';\n"
        "truncate storage.objects, public.notes;\n"
        "delete from notes where id = 1;\n"
    )
    found, _ = lint(tmp_path, [("m/0001_init.sql", sql)], ["SL401"])
    assert found == [
        ("SL401", "m/0001_init.sql", 3, 1, "`TRUNCATE` hard-deletes every row of `public.notes`"),
        ("SL401", "m/0001_init.sql", 4, 1, "`DELETE` hard-deletes rows of `notes`"),
    ]


def test_a_schema_excluded_by_the_config_is_not_linted_either(tmp_path: Path) -> None:
    sql = "create schema internal;\ndelete from internal.jobs;\ndelete from public.jobs;\n"
    sources = (SourceFile("m/1.sql", sql),)
    discovery = Discovery((Stream(tmp_path, PLAIN, sources),), (), frozenset({"m/1.sql"}))
    config = Config(
        root=tmp_path,
        select=("SL401",),
        excluded_schemas=DEFAULT_EXCLUDED_SCHEMAS | {"internal"},
    )
    result = engine.lint(discovery, config)
    assert [seen(f, sources[0]) for f in result.findings] == [
        ("SL401", "m/1.sql", 3, 1, "`DELETE` hard-deletes rows of `public.jobs`")
    ]


REDEFINED = (
    (
        "m/1.sql",
        "create table notes (id int);\n"
        "create or replace function purge() returns void language plpgsql as $$\n"
        "begin\n"
        "  delete from notes; -- schemalint-ignore SL401: replaced in 3.sql\n"
        "end $$;\n"
        "create function purge(days int) returns void language sql as $$ delete from notes $$;\n",
    ),
    (
        "m/2.sql",
        "create or replace function purge() returns void language sql as $$ delete from notes $$;\n",
    ),
    (
        "m/3.sql",
        "create or replace function public.purge() returns void language plpgsql as $$\n"
        "begin\n"
        "  delete from notes where id > 1;\n"
        "end $$;\n",
    ),
)


def test_a_function_replaced_later_is_reported_once_on_its_latest_definition(
    tmp_path: Path,
) -> None:
    found, _ = lint(tmp_path, REDEFINED, ["SL401", "SL002"])
    body = "`DELETE` hard-deletes rows of `notes` inside a function or DO block"
    assert found == [
        # purge(int) is another function (an overload): its own finding.
        ("SL401", "m/1.sql", 6, 65, body),
        ("SL401", "m/3.sql", 3, 3, body),
    ]


def test_a_replaced_definition_is_not_reported_on_when_only_it_is_a_target(
    tmp_path: Path,
) -> None:
    found, _ = lint(tmp_path, REDEFINED, ["SL401"], targets=["m/2.sql"])
    assert found == []
