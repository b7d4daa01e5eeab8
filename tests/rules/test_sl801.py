"""SL801 prisma-migration-drift, through discovery as the CLI runs it.

The oracle test (tests/prisma/test_prisma_drift_oracle.py) checks the differences against two
real databases; these pin what users see, which invocation sees it, and MySQL (which the
WebAssembly schema engine cannot print DDL for).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from schemalint.cli import main
from tests.rules.helpers import lint_project

DATASOURCE = 'datasource db {\n  provider = "postgresql"\n}\n'
SCHEMA = (
    DATASOURCE
    + """
model User {
  id        String  @id
  email     String  @unique
  createdBy String? @map("created_by")
  posts     Post[]
}

model Post {
  id       String @id
  authorId String
  author   User   @relation(fields: [authorId], references: [id])

  @@index([authorId])
}
"""
)
INIT_PATH = "prisma/migrations/20240101000000_init/migration.sql"
INIT = """CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "created_by" TEXT,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Post" (
    "id" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
"""
RAW_PATH = "prisma/migrations/20240201000000_raw/migration.sql"
RAW = """CREATE TABLE "public"."MutChild" ("id" TEXT PRIMARY KEY, "parentId" TEXT NOT NULL,
  CONSTRAINT "MutChild_parent_fkey" FOREIGN KEY ("parentId") REFERENCES "public"."User"("id"));
"""
LOCK = ("prisma/migrations/migration_lock.toml", 'provider = "postgresql"\n')


def _project(*extra: tuple[str, str], schema: str = SCHEMA) -> list[tuple[str, str]]:
    return [("prisma/schema.prisma", schema), LOCK, (INIT_PATH, INIT), *extra]


def test_in_sync_history_has_no_drift(tmp_path: Path) -> None:
    assert lint_project(tmp_path, _project(), ["SL801"]) == []


def test_staged_migration_dropping_a_declared_index_is_reported_on_its_drop(
    tmp_path: Path,
) -> None:
    drop = (
        "prisma/migrations/20240301000000_drop/migration.sql",
        'DROP INDEX "Post_authorId_idx";\n',
    )
    # pre-commit passes only the staged file: the schema and history are context.
    found = lint_project(tmp_path, _project(drop), ["SL801"], paths=[drop[0]])
    assert found == [
        (
            "SL801",
            drop[0],
            1,
            1,
            "This drops index `Post_authorId_idx` on `Post`, which model `Post` still declares",
        )
    ]


def test_field_added_without_a_migration_is_reported_on_the_field_in_prisma_terms(
    tmp_path: Path,
) -> None:
    schema = SCHEMA.replace(
        '  createdBy String? @map("created_by")\n',
        '  createdBy String? @map("created_by")\n  lastSeen  String? @map("last_seen")\n',
    )
    found = lint_project(tmp_path, _project(schema=schema), ["SL801"])
    assert found == [
        (
            "SL801",
            "prisma/schema.prisma",
            9,
            3,
            "Field `lastSeen` (column `last_seen`) of model `User` has no column in the migrations",
        )
    ]
    # Linting only the history says nothing about the schema's lines.
    assert lint_project(tmp_path, [], ["SL801"], paths=["prisma/migrations"]) == []


def test_type_changed_by_hand_is_reported_on_the_alter(tmp_path: Path) -> None:
    alter = (
        "prisma/migrations/20240301000000_alter/migration.sql",
        'ALTER TABLE "User" ALTER COLUMN "created_by" TYPE VARCHAR(40);\n',
    )
    found = lint_project(tmp_path, _project(alter), ["SL801"])
    assert found == [
        (
            "SL801",
            alter[0],
            1,
            1,
            "Column `created_by` of `User` is varchar(40) (the schema says text) in the "
            "migrations, unlike field `createdBy` (column `created_by`) of model `User`",
        )
    ]


@pytest.mark.parametrize(
    "paths",
    [["."], ["prisma"], ["prisma/migrations"], [RAW_PATH]],
    ids=["root", "prisma-folder", "migrations-folder", "file-alone"],
)
def test_raw_sql_table_gets_its_findings_once_in_every_invocation(
    tmp_path: Path, paths: list[str]
) -> None:
    found = lint_project(tmp_path, _project((RAW_PATH, RAW)), ["SL201", "SL801"], paths=paths)
    assert found == [
        (
            "SL801",
            RAW_PATH,
            1,
            14,
            "The migrations create table `MutChild`, which the Prisma schema has no model for",
        ),
        (
            "SL201",
            RAW_PATH,
            2,
            3,
            "Foreign key `parentId` on `MutChild` (referencing `User`) has no index",
        ),
    ]


def test_tables_the_schema_models_are_judged_on_the_schema_only(tmp_path: Path) -> None:
    schema = SCHEMA.replace("\n  @@index([authorId])\n", "")
    init = INIT.replace('CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");\n', "")
    files = [("prisma/schema.prisma", schema), LOCK, (INIT_PATH, init)]
    found = lint_project(tmp_path, files, ["SL201", "SL801"])
    assert found == [
        (
            "SL201",
            "prisma/schema.prisma",
            15,
            19,
            "Foreign key `authorId` on `Post` (referencing `User`) has no index",
        )
    ]


def test_what_prisma_does_not_manage_is_not_drift(tmp_path: Path) -> None:
    extra = (
        "prisma/migrations/20240301000000_platform/migration.sql",
        'ALTER TABLE "User" ENABLE ROW LEVEL SECURITY;\n'
        'CREATE POLICY "own" ON "User" USING (true);\n'
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
        'CREATE TRIGGER "touch" BEFORE UPDATE ON "Post" FOR EACH ROW EXECUTE FUNCTION touch();\n'
        'CREATE VIEW "PostIds" AS SELECT "id" FROM "Post";\n'
        'ALTER TABLE "Post" ADD CONSTRAINT "id_not_empty" CHECK ("id" <> \'\');\n'
        'CREATE TABLE "audit"."Event" ("id" TEXT PRIMARY KEY);\n'
        'CREATE TABLE "Legacy" ("id" TEXT PRIMARY KEY);\n',
    )
    schema = SCHEMA + "\nmodel Legacy {\n  id String @id\n\n  @@ignore\n}\n"
    assert lint_project(tmp_path, _project(extra, schema=schema), ["SL801"]) == []


def test_a_schema_the_datasource_lists_is_compared(tmp_path: Path) -> None:
    schema = SCHEMA.replace(
        '  provider = "postgresql"\n',
        '  provider = "postgresql"\n  schemas  = ["public", "audit"]\n',
    ).replace("  @@index([authorId])\n", '  @@index([authorId])\n  @@schema("public")\n')
    schema = schema.replace("  posts     Post[]\n", '  posts     Post[]\n\n  @@schema("public")\n')
    extra = (
        "prisma/migrations/20240301000000_audit/migration.sql",
        'CREATE SCHEMA "audit";\nCREATE TABLE "audit"."Event" ("id" TEXT PRIMARY KEY);\n',
    )
    found = lint_project(tmp_path, _project(extra, schema=schema), ["SL801"])
    assert found == [
        (
            "SL801",
            extra[0],
            2,
            14,
            "The migrations create table `audit.Event`, which the Prisma schema has no model for",
        )
    ]


def test_identifiers_compare_after_postgresql_cuts_them_at_63_bytes(tmp_path: Path) -> None:
    name = "users_organization_id_aVeryLongFieldNameThatGoesOnAndOnForeverAndEver_idx"
    schema = DATASOURCE + (
        "\nmodel users {\n  id Int @id\n  organization_id Int\n\n"
        f'  @@index([organization_id], map: "{name}")\n}}\n'
    )
    # PostgreSQL keeps the first 63 bytes of both: the same index.
    init = (
        'CREATE TABLE "users" ("id" INTEGER NOT NULL, "organization_id" INTEGER NOT NULL,\n'
        '  CONSTRAINT "users_pkey" PRIMARY KEY ("id"));\n'
        f'CREATE INDEX "{name}" ON "users"("organization_id");\n'
    )
    files = [("prisma/schema.prisma", schema), LOCK, (INIT_PATH, init)]
    assert lint_project(tmp_path, files, ["SL801"]) == []


def test_a_generated_name_differs_from_the_full_name_postgresql_cuts(tmp_path: Path) -> None:
    field = "aVeryLongFieldNameThatGoesOnAndOnForeverAndEverAndEver"
    schema = (
        DATASOURCE + f"\nmodel users {{\n  id Int @id\n  {field} Int\n\n  @@index([{field}])\n}}\n"
    )
    # Prisma cuts its generated name keeping the `_idx` suffix; PostgreSQL cuts the end.
    init = (
        f'CREATE TABLE "users" ("id" INTEGER NOT NULL, "{field}" INTEGER NOT NULL,\n'
        '  CONSTRAINT "users_pkey" PRIMARY KEY ("id"));\n'
        f'CREATE INDEX "users_{field}_idx" ON "users"("{field}");\n'
    )
    files = [("prisma/schema.prisma", schema), LOCK, (INIT_PATH, init)]
    # One difference, as Prisma's differ sees it: the index is to be renamed.
    assert lint_project(tmp_path, files, ["SL801"]) == [
        (
            "SL801",
            INIT_PATH,
            3,
            1,
            "Index `users_aVeryLongFieldNameThatGoesOnAndOnForeverAndEverAndEve_idx` of model "
            "`users` is named `users_aVeryLongFieldNameThatGoesOnAndOnForeverAndEverAndEver_id` "
            "in the migrations",
        )
    ]


MYSQL_SCHEMA = """datasource db {
  provider = "mysql"
}

model Team {
  id      Int      @id @default(autoincrement())
  name    String
  created DateTime @default(now())
  members Member[]
}

model Member {
  id     Int  @id @default(autoincrement())
  teamId Int
  team   Team @relation(fields: [teamId], references: [id])
}
"""
MYSQL_INIT = """CREATE TABLE `Team` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `name` VARCHAR(191) NOT NULL,
    `created` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE TABLE `Member` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `teamId` INTEGER NOT NULL,
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE `Member` ADD CONSTRAINT `Member_teamId_fkey` FOREIGN KEY (`teamId`) REFERENCES `Team`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
"""
MYSQL_LOCK = ("prisma/migrations/migration_lock.toml", 'provider = "mysql"\n')


def test_mysql_history_prisma_generated_is_in_sync(tmp_path: Path) -> None:
    # PRIMARY for every primary key, InnoDB's own index for the foreign key: not drift.
    files = [("prisma/schema.prisma", MYSQL_SCHEMA), MYSQL_LOCK, (INIT_PATH, MYSQL_INIT)]
    assert lint_project(tmp_path, files, ["SL801"]) == []


def test_mysql_drift_is_reported(tmp_path: Path) -> None:
    later = (
        "prisma/migrations/20240301000000_later/migration.sql",
        "ALTER TABLE `Team` MODIFY `name` VARCHAR(191) NULL;\n"
        "ALTER TABLE `Member` ADD COLUMN `role` VARCHAR(20) NULL;\n",
    )
    files = [("prisma/schema.prisma", MYSQL_SCHEMA), MYSQL_LOCK, (INIT_PATH, MYSQL_INIT), later]
    assert lint_project(tmp_path, files, ["SL801"]) == [
        (
            "SL801",
            later[0],
            1,
            1,
            "Column `name` of `Team` is NULL (the schema says NOT NULL) in the migrations, "
            "unlike field `name` of model `Team`",
        ),
        (
            "SL801",
            later[0],
            2,
            33,
            "The migrations add column `role` to `Member`, which model `Member` has no field for",
        ),
    ]


def test_other_prisma_files_of_the_project_are_not_extra_schemas(tmp_path: Path) -> None:
    template = ("prisma/templates/template.prisma", SCHEMA.replace("model User", "model Person"))
    found = lint_project(tmp_path, _project((RAW_PATH, RAW), template), ["SL001", "SL201"])
    assert found == [
        (
            "SL201",
            RAW_PATH,
            2,
            3,
            "Foreign key `parentId` on `MutChild` (referencing `User`) has no index",
        )
    ]


def test_prisma_config_names_the_schema_and_verbose_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [
        ("prisma.config.ts", 'export default defineConfig({\n  schema: "db/main.prisma",\n})\n'),
        ("db/main.prisma", SCHEMA),
        ("db/migrations/migration_lock.toml", LOCK[1]),
        ("db/migrations/20240101000000_init/migration.sql", INIT),
        ("db/migrations/20240201000000_raw/migration.sql", RAW),
        ("db/other.prisma", "this is not a schema\n"),
    ]
    for path, text in files:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main,
        ["check", ".", "-v", "--select", "SL001,SL801", "--format", "concise", "--no-color"],
        catch_exceptions=False,
    )
    assert result.stdout.splitlines()[0] == (
        "db/migrations/20240201000000_raw/migration.sql:1:14: SL801 [error] The migrations "
        "create table `MutChild`, which the Prisma schema has no model for"
    )
    assert "schemalint: prisma schema db: `schema: 'db/main.prisma'` in prisma.config.ts\n" in (
        result.stderr
    )


def test_package_json_names_a_multi_file_schema_folder(tmp_path: Path) -> None:
    files = [
        ("package.json", '{"prisma": {"schema": "prisma/schema"}}'),
        ("prisma/schema/main.prisma", DATASOURCE),
        ("prisma/schema/models.prisma", SCHEMA.replace(DATASOURCE, "")),
        LOCK,
        (INIT_PATH, INIT),
        (
            "prisma/migrations/20240301000000_drop/migration.sql",
            'ALTER TABLE "User" DROP COLUMN "email";\n',
        ),
    ]
    assert lint_project(tmp_path, files, ["SL801"]) == [
        (
            "SL801",
            "prisma/migrations/20240301000000_drop/migration.sql",
            1,
            1,
            "This drops column `email` of `User`, which model `User` still declares as field "
            "`email`",
        )
    ]


def test_unusable_schema_settings_fall_back_to_the_default_location(tmp_path: Path) -> None:
    files = [
        ("package.json", '{"prisma": {"schema": "db/\\u0000.prisma"}}'),
        ("prisma.config.ts", 'export default {\n  schema: "missing/schema.prisma",\n}\n'),
        *_project((RAW_PATH, RAW)),
    ]
    found = lint_project(tmp_path, files, ["SL801"])
    assert [f[:4] for f in found] == [("SL801", RAW_PATH, 1, 14)]
