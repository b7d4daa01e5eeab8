"""SL201's fixes through the engine: SQL after the key's statement, ``@@index`` in Prisma."""

from __future__ import annotations

from pathlib import Path

from schemalint import ir
from schemalint.findings import Finding
from schemalint.frontends.postgres import frontend as postgres
from schemalint.source import SourceFile
from tests.rules.helpers import apply_fix, apply_fix_to_files, lint

TABLES = (
    "CREATE TABLE users (id int PRIMARY KEY);\n"
    'CREATE TABLE "Post" (id int PRIMARY KEY, "authorId" int NOT NULL);\n'
)
ADD_FK = (
    "-- the key is added after the tables, as Prisma does\n"
    'ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey"\n'
    '  FOREIGN KEY ("authorId") REFERENCES "users"("id"); -- the author\n'
    'UPDATE "Post" SET "authorId" = 1 WHERE "authorId" = 0;\n'
)
MESSAGE = "Foreign key `authorId` on `Post` (referencing `users`) has no index"
WHY = (
    "Every delete or key update on `users` looks up the rows of `Post` that reference it; "
    "without an index that starts with `authorId` each lookup scans the whole table, and joins "
    "on the key are slow. "
)


def _fixed(finding: Finding, text: str) -> str:
    assert finding.fix is not None
    return apply_fix(text, finding.fix)


def _new_file(finding: Finding) -> tuple[str, str]:
    """The one file a SQL history's fix writes: an insertion into a new artifact."""
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    assert (edit.span.start, edit.span.end) == (0, 0)
    return edit.span.path, edit.replacement


def _comment(table: str = "Post") -> str:
    return f"-- schemalint fix (SL201): index the foreign key (authorId) of `{table}`\n"


def _indexes(path: str, text: str) -> list[tuple[str | None, str, tuple[str | None, ...], bool]]:
    """The CREATE INDEX statements of ``text``, which must parse whole."""
    statements = list(postgres.parse(SourceFile(path, text)))
    assert [s for s in statements if isinstance(s, ir.Unparsable)] == []
    return [
        (s.name, s.table.name, s.columns, s.concurrently)
        for s in statements
        if isinstance(s, ir.CreateIndex)
    ]


def test_add_constraint_in_a_plain_folder_gets_a_concurrent_index_after_its_semicolon(
    tmp_path: Path,
) -> None:
    init, path = "migrations/1_init.sql", "migrations/2_fk.sql"
    seen, found = lint(tmp_path, [(init, TABLES), (path, ADD_FK)], ["SL201"], targets=[path])
    assert seen == [("SL201", path, 2, 24, MESSAGE)]
    index = 'CREATE INDEX CONCURRENTLY "Post_authorId_idx" ON "Post" ("authorId");\n'
    assert _new_file(found[0]) == ("migrations/3_index_post_authorid_idx.sql", _comment() + index)
    after = apply_fix_to_files([(init, TABLES), (path, ADD_FK)], found[0].fix)  # type: ignore[arg-type]
    assert after[:2] == [(init, TABLES), (path, ADD_FK)]
    assert _indexes(after[2][0], after[2][1]) == [
        ("Post_authorId_idx", "Post", ("authorId",), True)
    ]
    assert lint(tmp_path, after, ["SL201", "SL501", "SL502"])[0] == []
    assert found[0].help == WHY + (
        'Add `CREATE INDEX CONCURRENTLY "Post_authorId_idx" ON "Post" ("authorId");`: '
        "CONCURRENTLY builds it without blocking writes to the table, but cannot run inside a "
        "transaction block."
    )


def test_prisma_migrations_get_no_plain_index_on_an_existing_table_but_a_folder_of_its_own(
    tmp_path: Path,
) -> None:
    """Prisma Migrate sends the file as one query string (an implicit transaction): the fix
    could only add a plain CREATE INDEX there, which SL502 reports on a table that already
    has rows. The help says how to build it concurrently instead, and no edit is offered."""
    init = "prisma/migrations/20240101000000_init/migration.sql"
    path = "prisma/migrations/20240201000000_fk/migration.sql"
    seen, found = lint(
        tmp_path, [(init, TABLES), (path, ADD_FK)], ["SL201"], targets=[path], layout="prisma"
    )
    assert seen == [("SL201", path, 2, 24, MESSAGE)]
    assert _new_file(found[0]) == (
        "prisma/migrations/20240201000001_index_post_authorid_idx/migration.sql",
        _comment() + 'CREATE INDEX CONCURRENTLY "Post_authorId_idx" ON "Post" ("authorId");\n',
    )
    assert found[0].help == WHY + (
        "Prisma Migrate sends each migration file as one query string, which PostgreSQL runs "
        "as one transaction when it holds several statements, where CREATE INDEX CONCURRENTLY "
        "cannot run; a plain CREATE INDEX would block writes to `Post` while it builds (SL502). "
        'Prisma Migrate runs `CREATE INDEX CONCURRENTLY "Post_authorId_idx" ON "Post" '
        '("authorId")` outside a transaction block when it sits alone in a migration of its '
        "own: write it there."
    )
    # What the help proposes, alone in a new migration, is reported by neither SL501 nor SL502.
    alone = (
        "prisma/migrations/20240301000000_index/migration.sql",
        'CREATE INDEX CONCURRENTLY "Post_authorId_idx" ON "Post" ("authorId");\n',
    )
    files = [(init, TABLES), (path, ADD_FK), alone]
    assert lint(tmp_path, files, ["SL501", "SL502"], layout="prisma")[0] == []


def test_goose_file_without_a_transaction_gets_a_concurrent_index(tmp_path: Path) -> None:
    init, path = "db/1_init.sql", "db/2_fk.sql"
    text = "-- +goose NO TRANSACTION\n-- +goose Up\n" + ADD_FK
    _, found = lint(
        tmp_path,
        [(init, "-- +goose Up\n" + TABLES), (path, text)],
        ["SL201"],
        targets=[path],
        layout="goose",
    )
    assert _new_file(found[0]) == (
        "db/3_index_post_authorid_idx.sql",
        "-- +goose NO TRANSACTION\n-- +goose Up\n"
        + _comment()
        + 'CREATE INDEX CONCURRENTLY "Post_authorId_idx" ON "Post" ("authorId");\n\n'
        + '-- +goose Down\nDROP INDEX IF EXISTS "Post_authorId_idx";\n',
    )


def test_an_unterminated_last_statement_is_left_as_it_is_and_the_index_goes_after(
    tmp_path: Path,
) -> None:
    path = "migrations/1_init.sql"
    text = TABLES + 'ALTER TABLE "Post" ADD FOREIGN KEY ("authorId") REFERENCES users  \n'
    seen, found = lint(tmp_path, [(path, text)], ["SL201"])
    assert seen == [("SL201", path, 3, 24, MESSAGE)]
    new, written = _new_file(found[0])
    assert (new, written) == (
        "migrations/2_index_post_authorid_idx.sql",
        _comment() + 'CREATE INDEX CONCURRENTLY "Post_authorId_idx" ON "Post" ("authorId");\n',
    )
    assert lint(tmp_path, [(path, text), (new, written)], ["SL201", "SL502"])[0] == []


def test_a_key_added_in_a_do_block_gets_its_index_after_the_block(tmp_path: Path) -> None:
    init, path = "migrations/1_init.sql", "migrations/2_fk.sql"
    text = (
        "DO $$\nBEGIN\n"
        '  ALTER TABLE "Post" ADD FOREIGN KEY ("authorId") REFERENCES users;\n'
        "END\n$$;\n"
    )
    _, found = lint(tmp_path, [(init, TABLES), (path, text)], ["SL201"], targets=[path])
    new, written = _new_file(found[0])
    assert new == "migrations/3_index_post_authorid_idx.sql"
    assert _indexes(new, written) == [("Post_authorId_idx", "Post", ("authorId",), True)]


def test_a_referenced_table_outside_public_is_named_with_its_schema(tmp_path: Path) -> None:
    path = "supabase/migrations/20240101000000_profiles.sql"
    text = "CREATE TABLE profiles (id int PRIMARY KEY, user_id uuid REFERENCES auth.users);\n"
    seen, found = lint(tmp_path, [(path, text)], ["SL201"], layout="supabase")
    assert seen == [
        (
            "SL201",
            path,
            1,
            57,
            "Foreign key `user_id` on `profiles` (referencing `auth.users`) has no index",
        )
    ]
    assert found[0].help.startswith("Every delete or key update on `auth.users` looks up")


SCHEMA = """\
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    Int    @id
  posts Post[]
}

model Post {
  id       Int  @id
  authorId Int  @map("author_id")
  author   User @relation(fields: [authorId], references: [id])

  @@map("posts")
}
"""


def test_prisma_schema_gets_an_index_on_the_field_names_before_the_closing_brace(
    tmp_path: Path,
) -> None:
    path = "prisma/schema.prisma"
    seen, found = lint(tmp_path, [(path, SCHEMA)], ["SL201"], prisma=True)
    assert seen == [
        (
            "SL201",
            path,
            14,
            17,
            "Foreign key `authorId` (column `author_id`) on model `Post` (table `posts`) "
            "(referencing `User`) has no index",
        )
    ]
    assert found[0].help.endswith("Add `@@index([authorId])` to model `Post`.")
    fixed = _fixed(found[0], SCHEMA)
    assert fixed == SCHEMA.replace(
        '  @@map("posts")\n', '  @@map("posts")\n  @@index([authorId])\n'
    )
    assert lint(tmp_path, [(path, fixed)], ["SL201", "SL001"], prisma=True)[0] == []
