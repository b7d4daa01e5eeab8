"""Seeded drift cases for SL801: a Prisma schema, a history, and the drift between them.

Each case starts from a base schema whose first migration is Prisma's own DDL for it (so the
base is in sync by construction), then edits the schema and/or appends hand-written
migrations. ``expected`` lists the differences as (kind, object key, file, line): what SL801
must report and where; the oracle test also derives the differences from two real databases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PG_BASE = """datasource db {
  provider = "postgresql"
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?
  createdBy String?  @map("created_by")
  createdAt DateTime @default(now())
  posts     Post[]
}

model Post {
  id        Int     @id @default(autoincrement())
  title     String  @db.VarChar(200)
  published Boolean @default(false)
  authorId  Int
  author    User    @relation(fields: [authorId], references: [id])

  @@index([authorId])
}
"""

SQLITE_BASE = PG_BASE.replace('"postgresql"', '"sqlite"').replace(" @db.VarChar(200)", "")

MIGRATION = "prisma/migrations/{}/migration.sql"
INIT = MIGRATION.format("20240101000000_init")
LATER = MIGRATION.format("20240201000000_later")
SCHEMA = "prisma/schema.prisma"


@dataclass(frozen=True)
class DriftCase:
    name: str
    provider: str
    schema: str
    # Migrations after the generated init one: (path, SQL).
    later: tuple[tuple[str, str], ...] = ()
    # (kind, key, path, line) of each difference.
    expected: frozenset[tuple[str, tuple[str, ...], str, int]] = field(default_factory=frozenset)
    # Tables of @@ignore models: Prisma's differ leaves them alone.
    ignored: frozenset[str] = frozenset()


def _edit(base: str, old: str, new: str) -> str:
    assert old in base, old
    return base.replace(old, new, 1)


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _cases() -> list[DriftCase]:
    cases: list[DriftCase] = []
    for provider, base in (("postgres", PG_BASE), ("sqlite", SQLITE_BASE)):

        def case(
            name: str,
            schema: str = base,
            later: tuple[tuple[str, str], ...] = (),
            expected: tuple[tuple[str, tuple[str, ...], str, int], ...] = (),
            provider: str = provider,
            ignored: frozenset[str] = frozenset(),
        ) -> None:
            cases.append(
                DriftCase(
                    f"{provider}-{name}", provider, schema, later, frozenset(expected), ignored
                )
            )

        case("in-sync")
        with_model = base + "\nmodel Tag {\n  id   Int    @id\n  name String\n}\n"
        case(
            "model-added-without-migration",
            with_model,
            expected=(
                ("missing", ("table", "public", "Tag"), SCHEMA, _line(with_model, "model Tag")),
            ),
        )
        with_field = _edit(
            base, "  name      String?\n", "  name      String?\n  bio       String?\n"
        )
        case(
            "field-added-without-migration",
            with_field,
            expected=(
                ("missing", ("column", "public", "User", "bio"), SCHEMA, _line(with_field, "bio")),
            ),
        )
        renamed = _edit(base, '@map("created_by")', '@map("creator")')
        case(
            "field-renamed-in-the-schema-only",
            renamed,
            expected=(
                (
                    "missing",
                    ("column", "public", "User", "creator"),
                    SCHEMA,
                    _line(renamed, "createdBy"),
                ),
                ("extra", ("column", "public", "User", "created_by"), INIT, -1),
            ),
        )
        case(
            "index-dropped-by-hand",
            later=((LATER, 'DROP INDEX "Post_authorId_idx";\n'),),
            expected=(("missing", ("index", "public", "Post", "Post_authorId_idx"), LATER, 1),),
        )
        raw_table = (
            'CREATE TABLE "MutChild" ("id" TEXT PRIMARY KEY, "parentId" INTEGER NOT NULL,\n'
            '  CONSTRAINT "MutChild_parent_fkey" FOREIGN KEY ("parentId") REFERENCES "User"("id"));\n'
        )
        case(
            "raw-sql-table",
            later=((LATER, raw_table),),
            expected=(("extra", ("table", "public", "MutChild"), LATER, 1),),
        )
        ignored = (
            base + "\nmodel MutChild {\n  id       String @id\n  parentId Int\n\n  @@ignore\n}\n"
        )
        case(
            "raw-sql-table-modelled-with-ignore",
            ignored,
            later=((LATER, raw_table),),
            ignored=frozenset({"MutChild"}),
        )
        case(
            "column-added-by-hand",
            later=((LATER, 'ALTER TABLE "Post" ADD COLUMN "views" INTEGER;\n'),),
            expected=(("extra", ("column", "public", "Post", "views"), LATER, 1),),
        )
        case(
            "index-added-by-hand",
            later=((LATER, 'CREATE INDEX "Post_title_idx" ON "Post"("title");\n'),),
            expected=(("extra", ("index", "public", "Post", "Post_title_idx"), LATER, 1),),
        )
        with_index = _edit(
            base, "  @@index([authorId])\n", "  @@index([authorId])\n  @@index([title])\n"
        )
        case(
            "index-declared-without-migration",
            with_index,
            expected=(
                (
                    "missing",
                    ("index", "public", "Post", "Post_title_idx"),
                    SCHEMA,
                    _line(with_index, "@@index([title])"),
                ),
            ),
        )
        if provider == "postgres":
            case(
                "index-renamed-by-hand",
                later=((LATER, 'ALTER INDEX "Post_authorId_idx" RENAME TO "post_author";\n'),),
                expected=(("differs", ("index", "public", "Post", "Post_authorId_idx"), LATER, 1),),
            )
            case(
                "type-changed-by-hand",
                later=((LATER, 'ALTER TABLE "Post" ALTER COLUMN "title" TYPE TEXT;\n'),),
                expected=(("differs", ("column", "public", "Post", "title"), LATER, 1),),
            )
            case(
                "nullability-changed-by-hand",
                later=((LATER, 'ALTER TABLE "User" ALTER COLUMN "email" DROP NOT NULL;\n'),),
                expected=(("differs", ("column", "public", "User", "email"), LATER, 1),),
            )
            case(
                "default-dropped-by-hand",
                later=((LATER, 'ALTER TABLE "Post" ALTER COLUMN "published" DROP DEFAULT;\n'),),
                expected=(("differs", ("column", "public", "Post", "published"), LATER, 1),),
            )
            case(
                "foreign-key-dropped-by-hand",
                later=((LATER, 'ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey";\n'),),
                expected=(
                    ("missing", ("constraint", "public", "Post", "Post_authorId_fkey"), LATER, 1),
                ),
            )
            case(
                "column-dropped-by-hand",
                later=((LATER, 'ALTER TABLE "User" DROP COLUMN "name";\n'),),
                expected=(("missing", ("column", "public", "User", "name"), LATER, 1),),
            )
            case(
                "what-prisma-does-not-manage",
                later=(
                    (
                        LATER,
                        'ALTER TABLE "User" ENABLE ROW LEVEL SECURITY;\n'
                        'CREATE POLICY "own" ON "User" USING (true);\n'
                        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS "
                        "$$ BEGIN RETURN NEW; END $$;\n"
                        'CREATE TRIGGER "touch" BEFORE UPDATE ON "Post" FOR EACH ROW '
                        "EXECUTE FUNCTION touch();\n"
                        'CREATE VIEW "PostTitles" AS SELECT "title" FROM "Post";\n'
                        'ALTER TABLE "Post" ADD CONSTRAINT "title_not_empty" CHECK ("title" <> \'\');\n'
                        'CREATE SCHEMA "audit";\n'
                        'CREATE TABLE "audit"."Event" ("id" SERIAL PRIMARY KEY);\n',
                    ),
                ),
            )
        else:
            case(
                "table-dropped-by-hand",
                later=((LATER, 'DROP TABLE "Post";\n'),),
                expected=(("missing", ("table", "public", "Post"), LATER, 1),),
            )
    return cases


CASES = _cases()
