"""The per-file index of earlier statements that change rules ask (``schemalint.file_index``)."""

from __future__ import annotations

from pathlib import Path

from schemalint import ir
from schemalint.file_index import FileIndex
from schemalint.frontends.postgres import frontend as postgres
from schemalint.source import SourceFile, Span
from tests.rules.helpers import lint

TEXT = """\
CREATE TABLE t (a int);
ALTER TABLE t ADD COLUMN b int DEFAULT 0, ADD COLUMN c int;

UPDATE t SET a = 1, a = 2;
DO $$ BEGIN UPDATE t SET c = 3; END $$;
ALTER TABLE t RENAME COLUMN c TO d;
"""


def _statements() -> list[ir.Statement]:
    return list(postgres.parse(SourceFile("m/1.sql", TEXT), context=False))


def test_spans_and_starts_are_those_of_the_earlier_statements() -> None:
    statements = _statements()
    index = FileIndex(statements[:3])
    assert index.count == 3
    assert index.has_statement(statements[0].span)
    assert index.has_statement(statements[2].span)  # the second sub-command's (shared) span
    assert not index.has_statement(statements[3].span)
    # The two sub-commands of one ALTER TABLE share its span: the first one's index.
    assert index.first_at(TEXT.index("ALTER")) == 1
    assert index.first_at(TEXT.index("UPDATE")) is None


def test_a_span_is_found_only_with_its_start_end_and_file() -> None:
    statements = _statements()
    index = FileIndex(statements)
    alter = statements[1].span
    assert index.has_statement(Span("m/1.sql", alter.start, alter.end))
    assert not index.has_statement(Span("m/1.sql", alter.start, alter.end - 1))
    assert not index.has_statement(Span("m/1.sql", alter.start + 1, alter.end))
    assert not index.has_statement(Span("m/2.sql", alter.start, alter.end))
    assert not FileIndex().has_statement(alter)
    assert index.first_at(len(TEXT)) is None


def test_covers_the_offsets_inside_earlier_statements_only() -> None:
    index = FileIndex(_statements()[:3])
    alter = TEXT.index("ALTER")
    end_of_alter = TEXT.index(";\n\nUPDATE")
    assert [index.covers(offset) for offset in (0, 21, 22, alter, end_of_alter - 1)] == [
        True,
        True,
        False,  # the ';' after CREATE TABLE belongs to no statement
        True,
        True,
    ]
    assert not index.covers(end_of_alter)
    assert not index.covers(TEXT.index("UPDATE"))
    assert not FileIndex().covers(0)


def test_column_changes_come_latest_first_with_do_blocks_and_renames() -> None:
    statements = _statements()
    index = FileIndex(statements)
    kinds = {
        name: [(order, type(s).__name__) for order, s in index.column_changes(name)]
        for name in ("a", "b", "c", "d")
    }
    # Orders count the statements as they run, a DO block before its body.
    assert kinds == {
        "a": [(4, "Update")],  # once, though it is assigned twice
        "b": [(2, "AddColumn")],
        "c": [(6, "Update"), (3, "AddColumn")],
        "d": [(7, "RenameColumn")],
    }
    assert [order for order, _ in index.column_changes("c", before=6)] == [3]
    assert list(index.column_changes("c", before=3)) == []


def test_the_engine_gives_rules_only_the_statements_before_the_judged_one(tmp_path: Path) -> None:
    # The backfill after SET NOT NULL does not count; the one before the second does, under
    # the column's earlier name, from a DO block.
    files = [
        ("m/1.sql", "CREATE TABLE t (a int, b int);\n"),
        (
            "m/2.sql",
            "ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n"
            "UPDATE t SET a = 0 WHERE a IS NULL;\n"
            "DO $$ BEGIN UPDATE t SET b = 0; END $$;\n"
            "ALTER TABLE t RENAME COLUMN b TO c;\n"
            "ALTER TABLE t ALTER COLUMN c SET NOT NULL;\n",
        ),
    ]
    found, _ = lint(tmp_path, files, ["SL301"])
    assert found == [
        (
            "SL301", "m/2.sql", 1, 28,
            "Column `t.a` is set NOT NULL without a backfill earlier in this migration",
        )
    ]  # fmt: skip


def test_a_long_alter_heavy_file_is_judged_statement_by_statement(tmp_path: Path) -> None:
    # 3,000 ALTERs of a table this file creates (new, so quiet), then one of an older table.
    alters = "".join(f"ALTER TABLE t ADD COLUMN c{i} int NOT NULL;\n" for i in range(3000))
    files = [
        ("m/1.sql", "CREATE TABLE old (a int);\n"),
        ("m/2.sql", f"CREATE TABLE t (a int);\n{alters}ALTER TABLE old DROP COLUMN a;\n"),
    ]
    found, _ = lint(tmp_path, files, ["SL301", "SL502", "SL508"])
    assert found == [
        (
            "SL508", "m/2.sql", 3002, 29,
            "Column `old.a` is dropped while running code may still use it",
        )
    ]  # fmt: skip
