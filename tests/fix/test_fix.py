"""``schemalint fix``: SL201 cleared by NEW migrations in the stream's own layout and naming.

Each test runs ``fix`` through the command line on a history, pins the files it writes (name
and content), then checks convergence: ``check`` afterwards reports exactly the findings it
reported before minus the fixed ones (no SL501/SL502 on the new file), the history's files
are byte-for-byte unchanged, and a second ``fix`` changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from schemalint.cli import main
from tests.trees import write_tree

Shown = tuple[str, str, int, int, str]

SUPABASE = "supabase/migrations"
RENAMED = {
    f"{SUPABASE}/20240101000000_init.sql": (
        "CREATE TABLE orgs (id bigint PRIMARY KEY);\n"
        "CREATE TABLE ideas (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));\n"
        "-- a later index already holds the name PostgreSQL would pick\n"
        "CREATE INDEX posts_org_id_idx ON orgs (id);\n"
    ),
    f"{SUPABASE}/20240102000059_rename.sql": "ALTER TABLE ideas RENAME TO posts;\n",
}
RENAMED_FIX = f"{SUPABASE}/20240102000100_index_posts_org_id_idx1.sql"
RENAMED_SQL = (
    "-- schemalint fix (SL201): index the foreign key (org_id) of `posts`\n"
    "CREATE INDEX CONCURRENTLY posts_org_id_idx1 ON posts (org_id);\n"
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def check(*args: str) -> list[Shown]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args], catch_exceptions=False)
    return [
        (f["code"], f["path"], f["line"], f["column"], f["message"])
        for f in json.loads(result.stdout)["findings"]
    ]


def fix(*args: str) -> Result:
    return CliRunner().invoke(main, ["fix", *args], catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def converges(root: Path, written: dict[str, str]) -> None:
    """``fix`` writes exactly ``written``, leaves every other file as it was, clears every
    SL201 finding and adds none; a second ``fix`` changes nothing."""
    before_files = snapshot(root)
    before = check()
    assert any(code == "SL201" for code, *_ in before)
    result = fix()
    assert result.exit_code == 0, result.output
    after_files = snapshot(root)
    assert {k: v for k, v in after_files.items() if k not in written} == before_files
    assert {k: after_files[k].decode() for k in written} == written
    assert check() == [f for f in before if f[0] != "SL201"]
    again = fix()
    assert again.output == "schemalint: nothing to fix\n"
    assert snapshot(root) == after_files


def test_a_renamed_table_gets_its_index_under_its_current_name_and_a_free_index_name(
    here: Path,
) -> None:
    """Issue cases (a) rename and (c) name collision, and (d): no migration is edited."""
    write_tree(here, RENAMED)
    dry = fix("--dry-run")
    assert dry.exit_code == 0
    assert dry.output == f"schemalint: would write {RENAMED_FIX} (SL201)\n{RENAMED_SQL}"
    assert snapshot(here) == {k: v.encode() for k, v in RENAMED.items()}
    converges(here, {RENAMED_FIX: RENAMED_SQL})


def test_the_written_migration_applies_after_the_history_and_indexes_the_key(
    here: Path, postgres_any: object
) -> None:
    """Ground truth: the history and the new file replayed on PostgreSQL, one file after the
    other as one query string each (as the Supabase CLI sends a file); the key's column then
    leads an index of the renamed table."""
    from tests.pgcluster import Cluster

    assert isinstance(postgres_any, Cluster)
    write_tree(here, RENAMED)
    assert fix().exit_code == 0
    database = "fix_renamed"
    postgres_any.create_database(database)
    for path in sorted((here / SUPABASE).iterdir()):
        # psql -c sends the whole text as one query string, like the runner.
        done = postgres_any.psql(database, "-c", path.read_text())
        assert done.returncode == 0, (path.name, done.stderr)
    leading = postgres_any.execute(
        database,
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
        "WHERE i.indrelid = 'posts'::regclass AND a.attname = 'org_id' AND i.indisvalid;",
    )
    assert leading.split() == ["posts_org_id_idx1"]


TABLES = (
    "CREATE TABLE orgs (id bigint PRIMARY KEY);\n"
    "CREATE TABLE posts (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id),"
    " author_id bigint REFERENCES orgs (id));\n"
)
ORG = (
    "-- schemalint fix (SL201): index the foreign key (org_id) of `posts`\n"
    "CREATE INDEX CONCURRENTLY posts_org_id_idx ON posts (org_id);\n"
)
AUTHOR = (
    "-- schemalint fix (SL201): index the foreign key (author_id) of `posts`\n"
    "CREATE INDEX CONCURRENTLY posts_author_id_idx ON posts (author_id);\n"
)


def _dbmate(body: str, name: str) -> str:
    return (
        f"-- migrate:up transaction:false\n{body}\n-- migrate:down\nDROP INDEX IF EXISTS {name};\n"
    )


def _goose(body: str, name: str) -> str:
    return (
        f"-- +goose NO TRANSACTION\n-- +goose Up\n{body}\n"
        f"-- +goose Down\nDROP INDEX IF EXISTS {name};\n"
    )


LAYOUTS = {
    "flyway": (
        {
            "db/V1__init.sql": TABLES,
            "db/V1.9__nine.sql": "SELECT 1;\n",
            "db/V1.10__ten.sql": "SELECT 1;\n",
        },
        {
            "db/V1.11__index_posts_org_id_idx.sql": ORG,
            "db/V1.12__index_posts_author_id_idx.sql": AUTHOR,
        },
    ),
    "golang-migrate": (
        {"m/0001_init.up.sql": TABLES, "m/0001_init.down.sql": "DROP TABLE posts;\n"},
        {
            "m/0002_index_posts_org_id_idx.up.sql": ORG,
            "m/0003_index_posts_author_id_idx.up.sql": AUTHOR,
        },
    ),
    "dbmate": (
        {
            "db/migrations/20240101235959_init.sql": (
                f"-- migrate:up\n{TABLES}\n-- migrate:down\nDROP TABLE posts;\n"
            )
        },
        {
            "db/migrations/20240102000000_index_posts_org_id_idx.sql": _dbmate(
                ORG, "posts_org_id_idx"
            ),
            "db/migrations/20240102000001_index_posts_author_id_idx.sql": _dbmate(
                AUTHOR, "posts_author_id_idx"
            ),
        },
    ),
    "goose": (
        {"m/00001_init.sql": f"-- +goose Up\n{TABLES}\n-- +goose Down\nDROP TABLE posts;\n"},
        {
            "m/00002_index_posts_org_id_idx.sql": _goose(ORG, "posts_org_id_idx"),
            "m/00003_index_posts_author_id_idx.sql": _goose(AUTHOR, "posts_author_id_idx"),
        },
    ),
    "plain": (
        {"migrations/009_init.sql": TABLES, "migrations/010_more.sql": "SELECT 1;\n"},
        {
            "migrations/011_index_posts_org_id_idx.sql": ORG,
            "migrations/012_index_posts_author_id_idx.sql": AUTHOR,
        },
    ),
    "prisma": (
        {
            "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
            "prisma/migrations/20240101000000_init/migration.sql": TABLES,
        },
        {
            "prisma/migrations/20240101000001_index_posts_org_id_idx/migration.sql": ORG,
            "prisma/migrations/20240101000002_index_posts_author_id_idx/migration.sql": AUTHOR,
        },
    ),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_index_gets_a_migration_of_its_own_in_the_streams_layout_and_naming(
    here: Path, layout: str
) -> None:
    """The next version after the latest (Flyway 1.10 > 1.9; a timestamp plus one second,
    across midnight; a number keeping its width), the runner's no-transaction directive where
    it needs one, and the down section where the tool has one."""
    history, written = LAYOUTS[layout]
    write_tree(here, history)
    converges(here, written)


def test_a_runner_that_cannot_run_concurrently_gets_advice_and_nothing_written(
    here: Path,
) -> None:
    """Supabase CLI before 2.109 runs every statement of a file in one transaction, with no
    directive to opt out: a plain CREATE INDEX would be SL502, CONCURRENTLY would fail."""
    files = {
        f"{SUPABASE}/20240101000000_init.sql": TABLES.replace(
            ", author_id bigint REFERENCES orgs (id)", ""
        ),
        ".schemalint.yaml": 'runner-version: "2.108.0"\n',
    }
    write_tree(here, files)
    before = snapshot(here)
    result = fix()
    assert result.exit_code == 0
    assert result.output == (
        "schemalint: supabase/migrations: SL201 not fixed, nothing written: The Supabase CLI "
        "always runs it inside a transaction: run `CREATE INDEX CONCURRENTLY posts_org_id_idx "
        "ON posts (org_id)` out of band (with psql, before the deploy).\n"
    )
    assert snapshot(here) == before


def test_drizzle_batches_every_migration_so_the_index_is_built_out_of_band(here: Path) -> None:
    """drizzle-kit runs every pending migration in one transaction: no file it runs can build
    an index CONCURRENTLY, so fix writes nothing and says how to build it out of band."""
    journal = (
        '{"version":"7","dialect":"postgresql","entries":[{"idx":0,"tag":"0000_init","when":0}]}'
    )
    write_tree(here, {"drizzle/meta/_journal.json": journal, "drizzle/0000_init.sql": TABLES})
    before = snapshot(here)
    result = fix()
    assert result.exit_code == 0
    assert result.output == "".join(
        "schemalint: drizzle: SL201 not fixed, nothing written: drizzle-kit runs every pending "
        "migration in one transaction, where it cannot run: run `CREATE INDEX CONCURRENTLY "
        f"posts_{column}_idx ON posts ({column})` out of band (with psql, before the deploy), "
        "and keep the migration's statement idempotent (`IF NOT EXISTS`) so that it finds the "
        "work done.\n"
        for column in ("org_id", "author_id")
    )
    assert snapshot(here) == before


SQLITE_INIT = """CREATE TABLE "orgs" ("id" INTEGER NOT NULL PRIMARY KEY);
CREATE TABLE "posts" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "org_id" INTEGER,
    CONSTRAINT "posts_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs" ("id")
);
"""
# What `prisma migrate dev` generates on SQLite to add a column: rebuild, drop, rename.
SQLITE_REDEFINE = """-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_posts" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "org_id" INTEGER,
    "title" TEXT,
    CONSTRAINT "posts_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs" ("id")
);
INSERT INTO "new_posts" ("id", "org_id") SELECT "id", "org_id" FROM "posts";
DROP TABLE "posts";
ALTER TABLE "new_posts" RENAME TO "posts";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
"""
SQLITE_FIX = "prisma/migrations/20240102000001_index_posts_org_id_idx/migration.sql"


def test_a_sqlite_table_prisma_rebuilt_gets_its_index_on_the_table_that_survives(
    here: Path,
) -> None:
    """Issue case (b): the index goes after the rebuild (a plain CREATE INDEX: SQLite has no
    CONCURRENTLY), and SQLite itself, replaying the history and the new file, indexes the key
    of the final ``posts``."""
    import sqlite3

    migrations = "prisma/migrations"
    history = {
        f"{migrations}/migration_lock.toml": 'provider = "sqlite"\n',
        f"{migrations}/20240101000000_init/migration.sql": SQLITE_INIT,
        f"{migrations}/20240102000000_redefine/migration.sql": SQLITE_REDEFINE,
    }
    write_tree(here, history)
    written = (
        "-- schemalint fix (SL201): index the foreign key (org_id) of `posts`\n"
        "CREATE INDEX posts_org_id_idx ON posts (org_id);\n"
    )
    converges(here, {SQLITE_FIX: written})
    database = sqlite3.connect(":memory:")
    for folder in sorted((here / migrations).glob("*/migration.sql")):
        database.executescript(folder.read_text())
    indexes = database.execute("PRAGMA index_list('posts')").fetchall()
    assert [(row[1], row[2]) for row in indexes] == [("posts_org_id_idx", 0)]
    columns = database.execute("PRAGMA index_info('posts_org_id_idx')").fetchall()
    assert [row[2] for row in columns] == ["org_id"]


def test_the_bundled_example_gets_a_migration_and_a_schema_edit_that_apply(
    here: Path, postgres_any: object
) -> None:
    """The README's example: a new Supabase migration for the SQL history, `@@index` in the
    Prisma schema (its migration left to `prisma migrate dev`); every other finding stays,
    none is added; the Supabase history with the new file applies on PostgreSQL."""
    import shutil

    from tests.pgcluster import SUPABASE_STUB, Cluster

    assert isinstance(postgres_any, Cluster)
    shutil.copytree(Path(__file__).parents[2] / "examples", here, dirs_exist_ok=True)
    before = check()
    migrations = sorted(p.name for p in (here / "supabase/migrations").iterdir())
    result = fix()
    new = "supabase/migrations/20240227100001_index_submissions_challenge_id_idx.sql"
    assert result.output == (
        f"schemalint: wrote {new} (SL201)\n"
        "schemalint: edited prisma/schema.prisma:116: Add `@@index([challengeId])`\n"
        "schemalint: the Prisma schema now asks for the index: run `prisma migrate dev` to "
        "generate its migration\n"
    )
    assert (here / new).read_text() == (
        "-- schemalint fix (SL201): index the foreign key (challenge_id) of `submissions`\n"
        "CREATE INDEX CONCURRENTLY submissions_challenge_id_idx ON submissions (challenge_id);\n"
    )
    schema = (here / "prisma/schema.prisma").read_text().splitlines()
    assert schema[115] == "  @@index([challengeId])"
    after = check()
    # The edited schema's later findings move down one line; nothing else changes.
    assert sorted((c, p, m) for c, p, _, _, m in after) == sorted(
        (c, p, m) for c, p, _, _, m in before if c != "SL201"
    )
    assert fix().output == "schemalint: nothing to fix\n"
    database = "fix_example"
    postgres_any.create_database(database, SUPABASE_STUB)
    for name in [*migrations, Path(new).name]:
        done = postgres_any.psql(database, "-c", (here / "supabase/migrations" / name).read_text())
        assert done.returncode == 0, (name, done.stderr)
    found = postgres_any.execute(
        database,
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'submissions_challenge_id_idx';",
    )
    assert found.strip() == (
        "CREATE INDEX submissions_challenge_id_idx ON public.submissions USING btree (challenge_id)"
    )


def test_a_file_in_the_way_is_never_overwritten(here: Path) -> None:
    """Something already at the new migration's path (here a folder, which the stream does not
    apply) stays as it is; fix says so and exits 1."""
    write_tree(here, RENAMED)
    (here / RENAMED_FIX).mkdir()
    before = snapshot(here)
    result = CliRunner().invoke(main, ["fix"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr == f"schemalint: {RENAMED_FIX} exists; not overwritten\n"
    assert snapshot(here) == before
