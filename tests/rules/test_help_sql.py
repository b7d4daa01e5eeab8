"""The SQL that SL301 and SL401 put in their help, through the engine on real files."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import apply_fix, lint

CHALLENGE = (
    'CREATE TABLE "Challenge" (id int PRIMARY KEY, "description" text, deleted_at timestamptz);\n'
)


def test_sl301_backfill_quotes_the_names_that_need_it(tmp_path: Path) -> None:
    path = "m/0002.sql"
    text = 'ALTER TABLE "Challenge" ALTER COLUMN "description" SET NOT NULL;\n'
    seen, found = lint(
        tmp_path, [("m/0001.sql", CHALLENGE), (path, text)], ["SL301"], targets=[path]
    )
    assert seen == [
        (
            "SL301",
            path,
            1,
            38,
            "Column `Challenge.description` is set NOT NULL without a backfill earlier in this "
            "migration",
        )
    ]
    assert found[0].help == (
        "Existing rows may hold NULL in this column, and then the migration fails. (The "
        "full-table scan that looks for them under an exclusive lock is SL503's concern.) "
        "Backfill it first in the same migration: "
        '`UPDATE "Challenge" SET description = ... WHERE description IS NULL;`.'
    )


def test_sl301_backfill_names_a_table_outside_public_with_its_schema(tmp_path: Path) -> None:
    path = "m/0002.sql"
    create = 'CREATE SCHEMA app;\nCREATE TABLE app.t ("Note" text);\n'
    text = 'ALTER TABLE app.t ALTER "Note" SET NOT NULL;\n'
    seen, found = lint(tmp_path, [("m/0001.sql", create), (path, text)], ["SL301"], targets=[path])
    assert seen == [
        (
            "SL301",
            path,
            1,
            25,
            "Column `app.t.Note` is set NOT NULL without a backfill earlier in this migration",
        )
    ]
    assert found[0].help == (
        "Existing rows may hold NULL in this column, and then the migration fails. (The "
        "full-table scan that looks for them under an exclusive lock is SL503's concern.) "
        "Backfill it first in the same migration: "
        '`UPDATE app.t SET "Note" = ... WHERE "Note" IS NULL;`.'
    )


def test_sl401_help_puts_a_multi_line_where_on_one_line_and_the_fix_keeps_it(
    tmp_path: Path,
) -> None:
    path = "m/0002.sql"
    text = 'DELETE FROM "Challenge"\nWHERE id IN (\n    SELECT id\n    FROM old_ids\n);\n'
    seen, found = lint(
        tmp_path, [("m/0001.sql", CHALLENGE), (path, text)], ["SL401"], targets=[path]
    )
    assert seen == [("SL401", path, 1, 1, "`DELETE` hard-deletes rows of `Challenge`")]
    assert found[0].help == (
        "Rows are soft-deleted so that they can be restored, audited and still satisfy foreign "
        "keys; a hard delete loses them for good. Use "
        '`UPDATE "Challenge" SET deleted_at = now() WHERE id IN ( SELECT id FROM old_ids )` '
        "instead. If the table holds disposable data (cache, sessions), list it under this "
        "rule's `allow` option."
    )
    assert found[0].fix is not None
    assert apply_fix(text, found[0].fix) == (
        'UPDATE "Challenge" SET deleted_at = now() WHERE id IN (\n'
        "    SELECT id\n"
        "    FROM old_ids\n"
        ");\n"
    )
