"""The rules on MySQL/MariaDB and SQLite migrations: what applies where, and what it says.

Every rule is selected: a finding of a rule that does not apply to the dialect would show up.
"""

from __future__ import annotations

from pathlib import Path

from schemalint.config import Config
from schemalint.engine import lint
from schemalint.inputs.discovery import discover
from tests.rules.helpers import Seen, seen

MYSQL_INIT = """\
CREATE TABLE `Org` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `organization_id` INTEGER NOT NULL,
    `deleted_at` DATETIME(3) NULL,
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `Task` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `organization_id` INTEGER NOT NULL,
    `orgId` INTEGER NOT NULL,
    `title` VARCHAR(191) NULL,
    `done` BOOLEAN NOT NULL,
    `deleted_at` DATETIME(3) NULL,
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `Task` ADD CONSTRAINT `Task_orgId_fkey` FOREIGN KEY (`orgId`) REFERENCES `Org`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
"""

SQLITE_INIT = """\
CREATE TABLE "Org" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organization_id" INTEGER NOT NULL,
    "deleted_at" DATETIME
);

CREATE TABLE "Task" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organization_id" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "deleted_at" DATETIME,
    CONSTRAINT "Task_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
"""


def _write(root: Path, provider: str, migrations: dict[str, str], lock: bool = True) -> None:
    folder = root / "migrations"
    for name, sql in migrations.items():
        (folder / name).mkdir(parents=True)
        (folder / name / "migration.sql").write_text(sql)
    if lock:
        (folder / "migration_lock.toml").write_text(f'provider = "{provider}"\n')


def _report(root: Path, dialect: str = "auto") -> list[tuple[Seen, str]]:
    # SL801 (drift between a Prisma schema and its history) has tests of its own.
    # The tenant is `Org`, which `Task.orgId` references: the tenancy rules (SL105-SL107)
    # have nothing to say, and what the findings pin is each dialect's behaviour.
    config = Config(root=root, dialect=dialect, tenant_columns=("orgId",), ignore=("SL801",))
    result = lint(discover([root], cwd=root), config)
    return [(seen(f, result.sources[f.path]), f.help) for f in result.findings]


def test_mysql_add_not_null_column_says_rows_silently_get_the_implicit_default(
    tmp_path: Path,
) -> None:
    added = "ALTER TABLE `Task` ADD COLUMN `priority` INTEGER NOT NULL;\n"
    _write(tmp_path, "mysql", {"1_init": MYSQL_INIT, "2_priority": added})
    assert _report(tmp_path) == [
        (
            (
                "SL301",
                "migrations/2_priority/migration.sql",
                1,
                31,
                "Column `priority` is added to `Task` as NOT NULL without a default; "
                "existing rows silently get the type's implicit default",
            ),
            "MySQL and MariaDB do not fail here, even in strict mode: every existing row "
            "silently gets the type's implicit default (0, '', a zero date), which then reads "
            "as real data. Add the column as nullable, backfill it with an `UPDATE`, then "
            "`MODIFY COLUMN ... NOT NULL`; or give it the DEFAULT you mean.",
        )
    ]


def test_mysql_modify_to_not_null_reports_only_a_column_that_was_nullable(
    tmp_path: Path,
) -> None:
    # `done` was NOT NULL already: MODIFY restating it is no change. `title` was nullable.
    modify = (
        "ALTER TABLE `Task` MODIFY `done` BOOLEAN NOT NULL,\n"
        "    MODIFY `title` VARCHAR(191) NOT NULL;\n"
    )
    _write(tmp_path, "mysql", {"1_init": MYSQL_INIT, "2_title": modify})
    assert _report(tmp_path) == [
        (
            (
                "SL301",
                "migrations/2_title/migration.sql",
                2,
                12,
                "Column `Task.title` is set NOT NULL without a backfill earlier in this migration",
            ),
            "Existing rows may hold NULL in this column: in strict mode (the default) the "
            "migration then fails; without it MySQL silently replaces NULL with the type's "
            "implicit default (0, '', a zero date). Backfill it first in the same migration: "
            "`` UPDATE `Task` SET `title` = ... WHERE `title` IS NULL; ``.",
        )
    ]


def test_mysql_change_after_a_backfill_is_not_reported(tmp_path: Path) -> None:
    change = (
        "UPDATE `Task` SET `title` = '' WHERE `title` IS NULL;\n"
        "ALTER TABLE `Task` CHANGE `title` `name` VARCHAR(191) NOT NULL;\n"
    )
    _write(tmp_path, "mysql", {"1_init": MYSQL_INIT, "2_name": change})
    assert _report(tmp_path) == []


def test_mysql_foreign_key_without_index_and_table_without_rls_are_not_reported(
    tmp_path: Path,
) -> None:
    # InnoDB indexes `orgId` itself; MySQL has no row level security (SL102-SL104).
    _write(tmp_path, "mysql", {"1_init": MYSQL_INIT})
    assert _report(tmp_path) == []


def test_sqlite_add_not_null_column_fails_and_foreign_key_needs_an_index(tmp_path: Path) -> None:
    added = 'ALTER TABLE "Task" ADD COLUMN "priority" INTEGER NOT NULL;\n'
    _write(tmp_path, "sqlite", {"1_init": SQLITE_INIT, "2_priority": added})
    assert _report(tmp_path) == [
        (
            (
                "SL201",
                "migrations/1_init/migration.sql",
                12,
                5,
                "Foreign key `orgId` on `Task` (referencing `Org`) has no index",
            ),
            "Every delete or key update on `Org` looks up the rows of `Task` that reference "
            "it; without an index that starts with `orgId` each lookup scans the whole table, "
            'and joins on the key are slow. Add `CREATE INDEX "Task_orgId_idx" ON "Task" '
            '("orgId");`.',
        ),
        (
            (
                "SL301",
                "migrations/2_priority/migration.sql",
                1,
                31,
                "Column `priority` is added to `Task` as NOT NULL without a default",
            ),
            'On a table that already has rows SQLite refuses it ("Cannot add a NOT NULL '
            'column with default value NULL"), so the migration fails. Give the column a '
            "DEFAULT; or add it as nullable, backfill it with an `UPDATE`, and make it NOT "
            "NULL by rebuilding the table (SQLite cannot alter a column).",
        ),
    ]


def test_sqlite_fix_creates_the_index_without_concurrently(tmp_path: Path) -> None:
    _write(tmp_path, "sqlite", {"1_init": SQLITE_INIT})
    config = Config(root=tmp_path, select=("SL201",))
    result = lint(discover([tmp_path], cwd=tmp_path), config)
    (finding,) = result.findings
    assert finding.fix is not None
    # A new migration folder after the latest one, never an edit of the history.
    assert [(edit.span.path, edit.replacement) for edit in finding.fix.edits] == [
        (
            "migrations/2_index_task_orgid_idx/migration.sql",
            "-- schemalint fix (SL201): index the foreign key (orgId) of `Task`\n"
            'CREATE INDEX "Task_orgId_idx" ON "Task" ("orgId");\n',
        )
    ]


def test_prisma_schema_provider_gives_the_dialect_when_there_is_no_lock_file(
    tmp_path: Path,
) -> None:
    prisma = tmp_path / "prisma"
    prisma.mkdir()
    (prisma / "schema.prisma").write_text('datasource db {\n  provider = "mysql"\n}\n')
    added = "ALTER TABLE `Task` ADD COLUMN `priority` INTEGER NOT NULL;\n"
    _write(prisma, "mysql", {"1_init": MYSQL_INIT, "2_priority": added}, lock=False)
    assert [seen for seen, _ in _report(tmp_path)] == [
        (
            "SL301",
            "prisma/migrations/2_priority/migration.sql",
            1,
            31,
            "Column `priority` is added to `Task` as NOT NULL without a default; "
            "existing rows silently get the type's implicit default",
        )
    ]


def test_configured_dialect_wins_over_the_lock_file(tmp_path: Path) -> None:
    added = 'ALTER TABLE "Task" ADD COLUMN "priority" INTEGER NOT NULL;\n'
    _write(tmp_path, "mysql", {"1_init": SQLITE_INIT, "2_priority": added})
    # Read as SQLite: the index MySQL would make for the FK is missing, and the message lacks
    # MySQL's "existing rows silently get the type's implicit default".
    assert [seen for seen, _ in _report(tmp_path, dialect="sqlite")] == [
        (
            "SL201",
            "migrations/1_init/migration.sql",
            12,
            5,
            "Foreign key `orgId` on `Task` (referencing `Org`) has no index",
        ),
        (
            "SL301",
            "migrations/2_priority/migration.sql",
            1,
            31,
            "Column `priority` is added to `Task` as NOT NULL without a default",
        ),
    ]
