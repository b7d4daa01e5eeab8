"""``schemalint fix``: SL201 cleared by NEW migrations in the stream's own layout and naming.

Each test runs ``fix`` through the command line on a history, pins the files it writes (name
and content), then checks convergence: ``check`` afterwards reports exactly the findings it
reported before minus the fixed ones (no SL501/SL502 on the new file), the history's files
are byte-for-byte unchanged, and a second ``fix`` changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from schemalint.cli import main
from tests.trees import write_tree

if TYPE_CHECKING:
    from tests.pgcluster import Cluster

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
# Supabase exposes `public`: both tables lack RLS (SL102), and no tenant column tells a policy.
RENAMED_NOTES = "".join(
    f"schemalint: supabase/migrations: SL102 not fixed, needs your input: `{table}` has no "
    "tenant column to scope a policy by\n"
    for table in ("orgs", "posts")
)
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


def deploy_fixed(
    cluster: object, here: Path, tree: dict[str, str], database: str, *stub: str
) -> None:
    """Write ``tree``, run ``fix``, then apply every Supabase migration (the history and the
    new files) on ``database``, each sent as one query string (``psql -c``) like the runner."""
    from tests.pgcluster import Cluster

    assert isinstance(cluster, Cluster)
    write_tree(here, tree)
    assert fix().exit_code == 0
    cluster.create_database(database, *stub)
    for path in sorted((here / SUPABASE).iterdir()):
        done = cluster.psql(database, "-c", path.read_text())
        assert done.returncode == 0, (path.name, done.stderr)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def converges(
    root: Path,
    written: dict[str, str],
    codes: frozenset[str] = frozenset({"SL201"}),
    notes: str = "",
) -> None:
    """``fix`` writes exactly ``written``, leaves every other file as it was, clears every
    finding of ``codes`` and adds none; a second ``fix`` changes nothing (and prints only the
    ``notes`` of what needs the user's input)."""
    before_files = snapshot(root)
    before = check()
    assert {code for code, *_ in before} >= codes
    result = fix()
    assert result.exit_code == 0, result.output
    after_files = snapshot(root)
    # Only ``written`` changes (new files; drizzle-kit's journal, which lists them).
    assert {k: v for k, v in after_files.items() if k not in written} == {
        k: v for k, v in before_files.items() if k not in written
    }
    assert {k: after_files[k].decode() for k in written} == written
    assert check() == [f for f in before if f[0] not in codes]
    again = fix()
    assert again.output == (notes or "schemalint: nothing to fix\n")
    assert snapshot(root) == after_files


def test_a_renamed_table_gets_its_index_under_its_current_name_and_a_free_index_name(
    here: Path,
) -> None:
    """Issue cases (a) rename and (c) name collision, and (d): no migration is edited."""
    write_tree(here, RENAMED)
    dry = fix("--dry-run")
    assert dry.exit_code == 0
    assert dry.output == (
        f"schemalint: would write {RENAMED_FIX} (SL201)\n{RENAMED_SQL}{RENAMED_NOTES}"
    )
    assert snapshot(here) == {k: v.encode() for k, v in RENAMED.items()}
    converges(here, {RENAMED_FIX: RENAMED_SQL}, notes=RENAMED_NOTES)


def test_the_written_migration_applies_after_the_history_and_indexes_the_key(
    here: Path, postgres_any: object
) -> None:
    """Ground truth: the history and the new file replayed on PostgreSQL, one file after the
    other as one query string each (as the Supabase CLI sends a file); the key's column then
    leads an index of the renamed table."""
    from tests.pgcluster import Cluster

    assert isinstance(postgres_any, Cluster)
    database = "fix_renamed"
    deploy_fixed(postgres_any, here, RENAMED, database)
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
    assert result.output == RENAMED_NOTES + (
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


EXAMPLE_NOTE = (
    "schemalint: supabase/migrations: SL402 not fixed, needs your input: `ALTER TABLE "
    "user_sessions ADD COLUMN deleted_at timestamptz;` would cause SL403: Unique constraint "
    "`user_sessions_token_hash_key` on `user_sessions` (`token_hash`) also counts soft-deleted "
    "rows\n"
)


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
    new = "supabase/migrations/20240227100002_index_submissions_challenge_id_idx.sql"
    fixes = "supabase/migrations/20240227100001_schemalint_fixes.sql"
    policy_index = (
        "supabase/migrations/20240227100003_index_submission_comments_assigned_moderator_id_idx.sql"
    )
    assert result.output == (
        f"schemalint: wrote {fixes} (SL102, SL103)\n"
        f"schemalint: wrote {new} (SL201)\n"
        f"schemalint: wrote {policy_index} (SL602)\n"
        "schemalint: edited prisma/schema.prisma:116: Add `@@index([challengeId])`\n"
        f"{EXAMPLE_NOTE}"
        "schemalint: the Prisma schema now asks for the index: run `prisma migrate dev` to "
        "generate its migration (no migration history beside the schema to follow)\n"
    )
    assert (here / new).read_text() == (
        "-- schemalint fix (SL201): index the foreign key (challenge_id) of `submissions`\n"
        "CREATE INDEX CONCURRENTLY submissions_challenge_id_idx ON submissions (challenge_id);\n"
    )
    member = "EXISTS (SELECT 1 FROM workspace_members m WHERE m.workspace_id = {0}.workspace_id AND m.user_id = (SELECT auth.uid()) AND m.deleted_at IS NULL)"
    assert (here / policy_index).read_text() == (
        "-- schemalint fix (SL602): index `submission_comments` on `assigned_moderator_id`, "
        "which a policy filters on\n"
        "CREATE INDEX CONCURRENTLY submission_comments_assigned_moderator_id_idx ON "
        "submission_comments (assigned_moderator_id);\n"
    )
    assert (here / fixes).read_text() == (
        "SET lock_timeout = '5s';\n"
        "-- schemalint fix (SL102): enable row level security on `user_sessions`\n"
        "ALTER TABLE user_sessions ENABLE ROW LEVEL SECURITY;\n"
        "-- schemalint fix (SL102): let the members of its workspace (`workspace_members`) reach "
        "the rows of `user_sessions`\n"
        'CREATE POLICY "Members of the row\'s workspace" ON user_sessions\n'
        "  FOR ALL TO authenticated\n"
        f"  USING ({member.format('user_sessions')})\n"
        f"  WITH CHECK ({member.format('user_sessions')});\n"
        "-- schemalint fix (SL103): let the members of its workspace (`workspace_members`) reach "
        "the rows of `leaderboard_entries`\n"
        'CREATE POLICY "Members of the row\'s workspace" ON leaderboard_entries\n'
        "  FOR ALL TO authenticated\n"
        f"  USING ({member.format('leaderboard_entries')})\n"
        f"  WITH CHECK ({member.format('leaderboard_entries')});\n"
    )
    schema = (here / "prisma/schema.prisma").read_text().splitlines()
    assert schema[115] == "  @@index([challengeId])"
    after = check()
    # The edited schema's later findings move down one line; nothing else changes.
    assert sorted((c, p, m) for c, p, _, _, m in after) == sorted(
        (c, p, m) for c, p, _, _, m in before if c not in ("SL201", "SL102", "SL103", "SL602")
    )
    assert fix().output == EXAMPLE_NOTE
    database = "fix_example"
    postgres_any.create_database(database, SUPABASE_STUB)
    for name in [*migrations, Path(fixes).name, Path(new).name, Path(policy_index).name]:
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


MEMBERS = f"{SUPABASE}/20240101000000_init.sql"
CONTENT = f"{SUPABASE}/20240102000000_content.sql"
TENANCY = {
    MEMBERS: (
        "CREATE TABLE public.workspaces (id uuid PRIMARY KEY);\n"
        "CREATE TABLE public.workspace_members (\n"
        "  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),\n"
        "  user_id uuid NOT NULL REFERENCES auth.users (id),\n"
        "  deleted_at timestamptz,\n"
        "  PRIMARY KEY (workspace_id, user_id)\n"
        ");\n"
        "CREATE INDEX workspace_members_user_id_idx ON public.workspace_members (user_id);\n"
        "ALTER TABLE public.workspace_members ENABLE ROW LEVEL SECURITY;\n"
        'CREATE POLICY "Members see their memberships" ON public.workspace_members\n'
        "  FOR SELECT TO authenticated USING (user_id = (SELECT auth.uid()));\n"
        "ALTER TABLE public.workspaces ENABLE ROW LEVEL SECURITY;\n"
        'CREATE POLICY "Members see their workspaces" ON public.workspaces\n'
        "  FOR SELECT TO authenticated\n"
        "  USING (id IN (SELECT workspace_id FROM public.workspace_members\n"
        "    WHERE user_id = (SELECT auth.uid())));\n"
    ),
    CONTENT: (
        # No RLS (SL102), its key unindexed (SL201), the index name taken by a sequence.
        "CREATE TABLE public.notes (\n"
        "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
        "  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),\n"
        "  body text,\n"
        "  deleted_at timestamptz\n"
        ");\n"
        "CREATE SEQUENCE public.notes_workspace_id_idx;\n"
        # RLS without a policy (SL103), no soft-delete column (SL402).
        "CREATE TABLE public.files (\n"
        "  id uuid PRIMARY KEY,\n"
        "  workspace_id uuid NOT NULL REFERENCES public.workspaces (id)\n"
        ");\n"
        "CREATE INDEX files_workspace_id_idx ON public.files (workspace_id);\n"
        "ALTER TABLE public.files ENABLE ROW LEVEL SECURITY;\n"
        # A policy, RLS off (SL104 and SL102).
        "CREATE TABLE public.tags (\n"
        "  id uuid PRIMARY KEY,\n"
        "  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),\n"
        "  deleted_at timestamptz\n"
        ");\n"
        "CREATE INDEX tags_workspace_id_idx ON public.tags (workspace_id);\n"
        'CREATE POLICY "Members read tags" ON public.tags\n'
        "  FOR SELECT TO authenticated\n"
        "  USING (workspace_id IN (SELECT workspace_id FROM public.workspace_members\n"
        "    WHERE user_id = (SELECT auth.uid())));\n"
        # A nullable tenant column (SL105): which tenant its rows belong to is the user's call.
        "CREATE TABLE public.logs (\n"
        "  id uuid PRIMARY KEY,\n"
        "  workspace_id uuid REFERENCES public.workspaces (id),\n"
        "  deleted_at timestamptz\n"
        ");\n"
        "CREATE INDEX logs_workspace_id_idx ON public.logs (workspace_id);\n"
        "ALTER TABLE public.logs ENABLE ROW LEVEL SECURITY;\n"
        'CREATE POLICY "Members read logs" ON public.logs\n'
        "  FOR SELECT TO authenticated\n"
        "  USING (workspace_id IN (SELECT workspace_id FROM public.workspace_members\n"
        "    WHERE user_id = (SELECT auth.uid())));\n"
    ),
}


def _member_check(table: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM workspace_members m WHERE m.workspace_id = {table}.workspace_id "
        "AND m.user_id = (SELECT auth.uid()) AND m.deleted_at IS NULL)"
    )


def _policy(table: str) -> str:
    return (
        f'CREATE POLICY "Members of the row\'s workspace" ON {table}\n'
        "  FOR ALL TO authenticated\n"
        f"  USING ({_member_check(table)})\n"
        f"  WITH CHECK ({_member_check(table)});\n"
    )


TENANCY_FIX = f"{SUPABASE}/20240102000001_schemalint_fixes.sql"
TENANCY_SQL = (
    "SET lock_timeout = '5s';\n"
    "-- schemalint fix (SL102): enable row level security on `notes`\n"
    "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n"
    "-- schemalint fix (SL102): let the members of its workspace (`workspace_members`) reach "
    "the rows of `notes`\n" + _policy("notes") + "-- schemalint fix (SL402): give `files` its "
    "soft-delete column\n"
    "ALTER TABLE files ADD COLUMN deleted_at timestamptz;\n"
    "-- schemalint fix (SL103): let the members of its workspace (`workspace_members`) reach "
    "the rows of `files`\n" + _policy("files") + "-- schemalint fix (SL102, SL104): enable row "
    "level security on `tags`\n"
    "ALTER TABLE tags ENABLE ROW LEVEL SECURITY;\n"
)
TENANCY_INDEX = f"{SUPABASE}/20240102000002_index_notes_workspace_id_idx1.sql"
TENANCY_INDEX_SQL = (
    "-- schemalint fix (SL201): index the foreign key (workspace_id) of `notes`\n"
    "CREATE INDEX CONCURRENTLY notes_workspace_id_idx1 ON notes (workspace_id);\n"
)
TENANCY_NOTE = (
    "schemalint: supabase/migrations: SL105 not fixed, needs your input: Tenant column "
    "`workspace_id` of `logs` is nullable: give its rows without a tenant their tenant, then "
    "set it NOT NULL (which tenant they belong to is yours to say)\n"
)


def test_schema_findings_are_cleared_by_one_transactional_migration_and_converge(
    here: Path,
) -> None:
    """SL102 (RLS and a tenant policy), SL103 (the policy), SL104 (RLS), SL402 (the column) in
    one file after a lock_timeout; the index CONCURRENTLY in a file of its own, named past the
    sequence that holds PostgreSQL's name; SL105 needs the user's input: noted, written
    nowhere. ``check`` afterwards: exactly the findings before, minus the fixed ones."""
    write_tree(here, TENANCY)
    assert check() == [
        ("SL102", CONTENT, 1, 14, "Table `notes` is in the exposed schema `public` without row "
         "level security"),
        ("SL201", CONTENT, 3, 30, "Foreign key `workspace_id` on `notes` (referencing "
         "`workspaces`) has no index"),
        ("SL402", CONTENT, 8, 14, "Tenant-scoped table `files` has no `deleted_at` column"),
        ("SL103", CONTENT, 13, 1, "Table `files` enables row level security but has no policy"),
        ("SL102", CONTENT, 14, 14, "Table `tags` is in the exposed schema `public` without row "
         "level security"),
        ("SL104", CONTENT, 20, 1, "Policy `Members read tags` on `tags` has no effect: row "
         "level security is not enabled"),
        ("SL105", CONTENT, 26, 3, "Tenant column `workspace_id` of `logs` is nullable"),
    ]  # fmt: skip
    dry = fix("--dry-run")
    assert dry.output == (
        f"schemalint: would write {TENANCY_FIX} (SL102, SL103, SL104, SL402)\n{TENANCY_SQL}"
        f"schemalint: would write {TENANCY_INDEX} (SL201)\n{TENANCY_INDEX_SQL}{TENANCY_NOTE}"
    )
    converges(
        here,
        {TENANCY_FIX: TENANCY_SQL, TENANCY_INDEX: TENANCY_INDEX_SQL},
        frozenset({"SL102", "SL103", "SL104", "SL201", "SL402"}),
        TENANCY_NOTE,
    )


def test_the_text_fix_line_names_the_files_and_statements_fix_writes(here: Path) -> None:
    """SARIF and the text ``fix:`` line come from the same plan as ``fix``."""
    write_tree(here, TENANCY)
    result = CliRunner().invoke(main, ["check", "--format", "sarif"], catch_exceptions=False)
    results = json.loads(result.stdout)["runs"][0]["results"]
    fixes = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): [
            (
                change["artifactLocation"]["uri"],
                change["replacements"][0]["insertedContent"]["text"],
            )
            for change in r["fixes"][0]["artifactChanges"]
        ]
        for r in results
        if r.get("fixes")
    }
    whole = [(TENANCY_FIX, TENANCY_SQL)]
    assert fixes == {
        ("SL102", 1): whole,
        ("SL201", 3): [(TENANCY_INDEX, TENANCY_INDEX_SQL)],
        ("SL402", 8): whole,
        ("SL103", 13): whole,
        ("SL102", 14): whole,
        ("SL104", 20): whole,
    }


def test_rls_without_a_membership_table_needs_input_and_nothing_is_written(here: Path) -> None:
    """No table says who belongs to a tenant: enabling RLS alone would make the table deny-all
    (SL103, and every client query empty), so nothing is written."""
    write_tree(
        here,
        {
            MEMBERS: "CREATE TABLE public.workspaces (id uuid PRIMARY KEY);\n"
            "ALTER TABLE public.workspaces ENABLE ROW LEVEL SECURITY;\n"
            'CREATE POLICY "Anyone signed in" ON public.workspaces FOR SELECT TO authenticated\n'
            "  USING (id = (SELECT auth.uid()));\n"
            "CREATE TABLE public.notes (id uuid PRIMARY KEY, workspace_id uuid NOT NULL\n"
            "  REFERENCES public.workspaces (id), deleted_at timestamptz);\n"
            "CREATE INDEX notes_workspace_id_idx ON public.notes (workspace_id);\n"
        },
    )
    before = snapshot(here)
    result = fix()
    assert result.output == (
        "schemalint: supabase/migrations: SL102 not fixed, needs your input: no single "
        "membership table (`workspace_id` and a `user_id` referencing `auth.users` as its key) "
        "tells who belongs to a tenant\n"
    )
    assert snapshot(here) == before


def test_the_schema_fixes_apply_on_postgresql_and_scope_rows_to_members(
    here: Path, postgres_any: object
) -> None:
    """Ground truth: the history and the new files, each sent as one query string (as the
    Supabase CLI does), apply; RLS is on, the policies are PostgreSQL's as written, the column
    and the index exist; and a member sees the rows of its workspace only."""
    from tests.pgcluster import SUPABASE_STUB, Cluster

    assert isinstance(postgres_any, Cluster)
    database = "fix_tenancy"
    deploy_fixed(postgres_any, here, TENANCY, database, SUPABASE_STUB)
    rls = postgres_any.execute(
        database,
        "SELECT relname, relrowsecurity FROM pg_class WHERE relname IN "
        "('notes', 'files', 'tags', 'logs') ORDER BY relname;",
    )
    assert rls.split() == ["files|t", "logs|t", "notes|t", "tags|t"]
    policies = postgres_any.execute(
        database,
        "SELECT tablename, policyname, cmd, roles FROM pg_policies "
        "WHERE tablename IN ('notes', 'files') ORDER BY tablename;",
    )
    assert policies.splitlines() == [
        "files|Members of the row's workspace|ALL|{authenticated}",
        "notes|Members of the row's workspace|ALL|{authenticated}",
    ]
    column = postgres_any.execute(
        database,
        "SELECT data_type, is_nullable FROM information_schema.columns "
        "WHERE table_name = 'files' AND column_name = 'deleted_at';",
    )
    assert column.split() == ["timestamp", "with", "time", "zone|YES"]
    index = postgres_any.execute(
        database, "SELECT indexdef FROM pg_indexes WHERE indexname = 'notes_workspace_id_idx1';"
    )
    assert index.strip() == (
        "CREATE INDEX notes_workspace_id_idx1 ON public.notes USING btree (workspace_id)"
    )
    member, stranger = (
        "00000000-0000-0000-0000-00000000000a",
        "00000000-0000-0000-0000-00000000000b",
    )
    ours, theirs = "00000000-0000-0000-0000-0000000000a1", "00000000-0000-0000-0000-0000000000b1"
    postgres_any.execute(
        database,
        f"INSERT INTO auth.users (id) VALUES ('{member}'), ('{stranger}');\n"
        f"INSERT INTO workspaces VALUES ('{ours}'), ('{theirs}');\n"
        f"INSERT INTO workspace_members VALUES ('{ours}', '{member}', NULL);\n"
        f"INSERT INTO notes (workspace_id, body) VALUES ('{ours}', 'ours'), ('{theirs}', 'x');\n",
    )
    _member_sees_only_its_workspace(postgres_any, database, member, theirs)


PARTITIONED = {
    "migrations/001_init.sql": (
        "CREATE TABLE orgs (id bigint PRIMARY KEY);\n"
        "CREATE TABLE events (id bigint, org_id bigint REFERENCES orgs (id), at date)\n"
        "  PARTITION BY RANGE (at);\n"
        "CREATE TABLE events_2024 PARTITION OF events\n"
        "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
        "CREATE TABLE events_2025 PARTITION OF events\n"
        "  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n"
    )
}
PARTITIONED_LABEL = "-- schemalint fix (SL201): index the foreign key (org_id) of `events`"
PARTITIONED_FIX = {
    "migrations/002_index_events_org_id_idx.sql": (
        "SET lock_timeout = '5s';\n"
        f"{PARTITIONED_LABEL}: the parent's index, ON ONLY (valid once every partition's is "
        "attached)\n"
        "CREATE INDEX events_org_id_idx ON ONLY events (org_id);\n"
    ),
    "migrations/003_index_events_2024_org_id_idx.sql": (
        f"{PARTITIONED_LABEL}: the index of its partition `events_2024`\n"
        "CREATE INDEX CONCURRENTLY events_2024_org_id_idx ON events_2024 (org_id);\n"
    ),
    "migrations/004_index_events_2025_org_id_idx.sql": (
        f"{PARTITIONED_LABEL}: the index of its partition `events_2025`\n"
        "CREATE INDEX CONCURRENTLY events_2025_org_id_idx ON events_2025 (org_id);\n"
    ),
    "migrations/005_attach_events_org_id_idx.sql": (
        "SET lock_timeout = '5s';\n"
        f"{PARTITIONED_LABEL}: attach the partitions' indexes to the parent's\n"
        "ALTER INDEX events_org_id_idx ATTACH PARTITION events_2024_org_id_idx;\n"
        "ALTER INDEX events_org_id_idx ATTACH PARTITION events_2025_org_id_idx;\n"
    ),
}


def test_a_partitioned_table_gets_its_index_on_only_the_parent_and_each_partition_apart(
    here: Path,
) -> None:
    """PostgreSQL refuses CREATE INDEX CONCURRENTLY on a partitioned table: the parent's index
    ON ONLY (no build: no SL502), each partition's CONCURRENTLY alone, then ATTACH."""
    write_tree(here, PARTITIONED)
    converges(here, PARTITIONED_FIX)


def test_a_plain_index_on_a_partitioned_table_still_blocks_writes(here: Path) -> None:
    """Without ON ONLY the index is built on every partition: SL502 stays."""
    write_tree(
        here,
        {
            **PARTITIONED,
            "migrations/002_index.sql": "CREATE INDEX events_org_id_idx ON events (org_id);\n",
        },
    )
    assert [f for f in check() if f[0] == "SL502"] == [
        (
            "SL502",
            "migrations/002_index.sql",
            1,
            1,
            "`CREATE INDEX` without `CONCURRENTLY` blocks writes to `events` while the index "
            "builds",
        )
    ]


def test_the_partitioned_fix_applies_and_leaves_a_valid_index_on_every_partition(
    here: Path, postgres_any: object
) -> None:
    """Ground truth: CONCURRENTLY on the parent is refused; the files fix writes apply one
    after the other, and the parent's index is valid with both partitions' attached."""
    from tests.pgcluster import Cluster

    assert isinstance(postgres_any, Cluster)
    write_tree(here, PARTITIONED)
    assert fix().exit_code == 0
    database = "fix_partitioned"
    postgres_any.create_database(database)
    files = sorted((here / "migrations").iterdir())
    done = postgres_any.psql(database, "-c", files[0].read_text())
    assert done.returncode == 0, done.stderr
    refused = postgres_any.psql(
        database, "-c", "CREATE INDEX CONCURRENTLY refused ON events (org_id);"
    )
    errors = [line for line in refused.stderr.splitlines() if "ERROR" in line]
    assert errors == ['ERROR:  cannot create index on partitioned table "events" concurrently']
    for path in files[1:]:
        done = postgres_any.psql(database, "-c", path.read_text())
        assert done.returncode == 0, (path.name, done.stderr)
    state = postgres_any.execute(
        database,
        "SELECT c.relname, i.indisvalid, coalesce(p.relname, '-') FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid "
        "LEFT JOIN pg_inherits h ON h.inhrelid = i.indexrelid "
        "LEFT JOIN pg_class p ON p.oid = h.inhparent "
        "WHERE c.relname LIKE 'events%' ORDER BY c.relname;",
    )
    assert state.split() == [
        "events_2024_org_id_idx|t|events_org_id_idx",
        "events_2025_org_id_idx|t|events_org_id_idx",
        "events_org_id_idx|t|-",
    ]


DRIZZLE_JOURNAL = """{
  "version": "7",
  "dialect": "postgresql",
  "entries": [
    {
      "idx": 0,
      "version": "7",
      "when": 1717000000000,
      "tag": "0000_init",
      "breakpoints": true
    }
  ]
}
"""
DRIZZLE_INIT = (
    'CREATE TABLE "notes" ("id" bigint PRIMARY KEY, "workspace_id" uuid NOT NULL, "deleted_at" timestamptz);\n'
    "--> statement-breakpoint\n"
    'CREATE POLICY "Signed in" ON "notes" FOR SELECT TO authenticated\n'
    '  USING ("workspace_id" IS NOT NULL);\n'
)
DRIZZLE_FIX = (
    "SET lock_timeout = '5s';\n"
    "--> statement-breakpoint\n"
    "-- schemalint fix (SL102, SL104): enable row level security on `notes`\n"
    "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n"
)
# No table is known as the tenant root: which one `workspace_id` references is the user's call.
DRIZZLE_NOTE = (
    "schemalint: drizzle: SL106 not fixed, needs your input: which table `notes`.`workspace_id` "
    "references is not clear (no tenant table is known): add its foreign key yourself\n"
)
DRIZZLE_LISTED = DRIZZLE_JOURNAL.replace(
    "    }\n  ]",
    '    },\n    {"idx": 1, "version": "7", "when": 1717000001000, "tag": "0001_rls_notes", '
    '"breakpoints": true}\n  ]',
)
# drizzle-orm's own migrator (node-postgres), as an application runs it at deploy.
MIGRATE = """
const { drizzle } = require("drizzle-orm/node-postgres");
const { migrate } = require("drizzle-orm/node-postgres/migrator");
const { Pool } = require("pg");
const pool = new Pool({ host: process.env.SOCKET, user: "postgres", database: process.env.DB });
migrate(drizzle(pool), { migrationsFolder: process.env.FOLDER })
  .then(() => pool.end())
  .catch((error) => { console.error(error.message); process.exit(1); });
"""


def test_drizzle_gets_a_new_file_and_its_journal_entry(here: Path) -> None:
    """drizzle-kit applies what meta/_journal.json lists: the new file (statements split at
    breakpoints) gets the next entry, one second after the last; the rest of the journal is
    left as it was written."""
    write_tree(
        here, {"drizzle/meta/_journal.json": DRIZZLE_JOURNAL, "drizzle/0000_init.sql": DRIZZLE_INIT}
    )
    result = fix("--dry-run")
    assert result.output == (
        f"schemalint: would write drizzle/0001_rls_notes.sql (SL102, SL104)\n{DRIZZLE_FIX}"
        "schemalint: would list the new migrations in drizzle/meta/_journal.json\n" + DRIZZLE_NOTE
    )
    converges(
        here,
        {"drizzle/0001_rls_notes.sql": DRIZZLE_FIX, "drizzle/meta/_journal.json": DRIZZLE_LISTED},
        frozenset({"SL102", "SL104"}),
        DRIZZLE_NOTE,
    )


def test_drizzles_own_migrator_applies_the_new_entry_after_the_deployed_history(
    here: Path, postgres_any: object
) -> None:
    """Ground truth: drizzle-orm's migrator deploys the history, then, after ``fix``, applies
    the new entry alone (its ``when`` follows the recorded one); RLS is then on."""
    import os
    import shutil
    import subprocess

    from tests.oracles import oracle_unavailable
    from tests.pgcluster import SUPABASE_STUB, Cluster

    assert isinstance(postgres_any, Cluster)
    oracle = Path(__file__).resolve().parents[1] / "oracle"
    node = shutil.which("node")
    if node is None or not (oracle / "node_modules" / "drizzle-orm").is_dir():
        oracle_unavailable("node and drizzle-orm are needed (npm install in tests/oracle)")
    write_tree(
        here, {"drizzle/meta/_journal.json": DRIZZLE_JOURNAL, "drizzle/0000_init.sql": DRIZZLE_INIT}
    )
    database = "fix_drizzle"
    postgres_any.create_database(database, SUPABASE_STUB)
    env = {
        **os.environ,
        "SOCKET": str(postgres_any.socket_dir),
        "DB": database,
        "FOLDER": str(here / "drizzle"),
    }

    def migrate() -> None:
        done = subprocess.run(
            [node, "-e", MIGRATE], cwd=oracle, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr

    migrate()
    assert fix().exit_code == 0
    migrate()
    state = postgres_any.execute(
        database,
        "SELECT relrowsecurity FROM pg_class WHERE relname = 'notes';\n"
        "SELECT count(*), max(created_at) FROM drizzle.__drizzle_migrations;",
    )
    assert state.split() == ["t", "2|1717000001000"]


GRAPHILE = {
    "migrations/committed/000001.sql": "--! Previous: -\n--! Hash: sha1:0000\n\n"
    + TENANCY[MEMBERS]
    + (
        "CREATE TABLE public.files (\n"
        "  id uuid PRIMARY KEY,\n"
        "  workspace_id uuid NOT NULL REFERENCES public.workspaces (id)\n"
        ");\n"
        "CREATE INDEX files_workspace_id_idx ON public.files (workspace_id);\n"
        "ALTER TABLE public.files ENABLE ROW LEVEL SECURITY;\n"
    ),
    "migrations/current.sql": "-- Enter migration here\n",
}
GRAPHILE_APPENDED = (
    "\nSET lock_timeout = '5s';\n"
    "-- schemalint fix (SL402): give `files` its soft-delete column\n"
    "ALTER TABLE files ADD COLUMN IF NOT EXISTS deleted_at timestamptz;\n"
    "-- schemalint fix (SL103): let the members of its workspace (`workspace_members`) reach "
    "the rows of `files`\n"
    'DROP POLICY IF EXISTS "Members of the row\'s workspace" ON files;\n' + _policy("files")
)


def test_graphile_migrate_gets_the_fix_in_current_sql_in_a_form_that_runs_again(
    here: Path,
) -> None:
    """graphile-migrate's new migration is current.sql (committed/ is never touched): the
    steps are appended in their re-runnable form, as `watch` runs the file on every save."""
    write_tree(here, GRAPHILE)
    dry = fix("--dry-run")
    assert dry.output == (
        "schemalint: would append to migrations/current.sql (SL103, SL402)\n" + GRAPHILE_APPENDED
    )
    converges(
        here,
        {"migrations/current.sql": GRAPHILE["migrations/current.sql"] + GRAPHILE_APPENDED},
        frozenset({"SL103", "SL402"}),
    )


def test_graphile_current_sql_applies_twice_on_postgresql(here: Path, postgres_any: object) -> None:
    """Ground truth: the committed history, then current.sql twice (as `watch` re-runs it),
    each time as one query string in a transaction, as graphile-migrate runs it."""
    from tests.pgcluster import SUPABASE_STUB, Cluster

    assert isinstance(postgres_any, Cluster)
    write_tree(here, GRAPHILE)
    assert fix().exit_code == 0
    database = "fix_graphile"
    postgres_any.create_database(database, SUPABASE_STUB)
    committed = (here / "migrations/committed/000001.sql").read_text()
    current = (here / "migrations/current.sql").read_text()
    for text in (committed, current, current):
        done = postgres_any.psql(database, "-c", text)
        assert done.returncode == 0, done.stderr
    state = postgres_any.execute(
        database,
        "SELECT count(*) FROM pg_policies WHERE tablename = 'files';\n"
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'files' AND column_name = 'deleted_at';",
    )
    assert state.split() == ["1", "1"]


def test_each_column_a_policy_filters_on_gets_its_own_index(here: Path) -> None:
    """SL602, twice on one table: two indexes, each CONCURRENTLY in a file of its own."""
    write_tree(
        here,
        {
            f"{SUPABASE}/20240101000000_init.sql": (
                "CREATE TABLE docs (id bigint PRIMARY KEY, owner_id uuid, editor_id uuid);\n"
                "ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\n"
                "CREATE POLICY owners ON docs FOR ALL TO authenticated\n"
                "  USING (owner_id = (SELECT auth.uid()) OR editor_id = (SELECT auth.uid()));\n"
            )
        },
    )
    written = {
        f"{SUPABASE}/20240101000001_index_docs_{column}_idx.sql"
        if column == "owner_id"
        else f"{SUPABASE}/20240101000002_index_docs_{column}_idx.sql": (
            f"-- schemalint fix (SL602): index `docs` on `{column}`, which a policy filters on\n"
            f"CREATE INDEX CONCURRENTLY docs_{column}_idx ON docs ({column});\n"
        )
        for column in ("owner_id", "editor_id")
    }
    converges(here, written, frozenset({"SL602"}))


def test_an_index_a_later_migration_dropped_is_rebuilt_for_the_policy(here: Path) -> None:
    """SL602 at the DROP INDEX that left the policy's column unindexed: the new migration
    builds it again (under a free name: the dropped one is free again)."""
    write_tree(
        here,
        {
            f"{SUPABASE}/20240101000000_init.sql": (
                "CREATE TABLE docs (id bigint PRIMARY KEY, owner_id uuid);\n"
                "CREATE INDEX docs_owner_id_idx ON docs (owner_id);\n"
                "ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\n"
                "CREATE POLICY owners ON docs FOR ALL TO authenticated\n"
                "  USING (owner_id = (SELECT auth.uid()));\n"
            ),
            f"{SUPABASE}/20240102000000_drop.sql": "DROP INDEX docs_owner_id_idx;\n",
        },
    )
    assert [f for f in check() if f[0] == "SL602"] == [
        (
            "SL602",
            f"{SUPABASE}/20240102000000_drop.sql",
            1,
            1,
            "Policy `owners` filters `docs` on `owner_id`, which leads no index",
        )
    ]
    converges(
        here,
        {
            f"{SUPABASE}/20240102000001_index_docs_owner_id_idx.sql": (
                "-- schemalint fix (SL602): index `docs` on `owner_id`, which a policy filters "
                "on\nCREATE INDEX CONCURRENTLY docs_owner_id_idx ON docs (owner_id);\n"
            )
        },
        frozenset({"SL602"}),
    )


UNKEYED_INIT = f"{SUPABASE}/20240101000000_init.sql"
UNKEYED = {
    UNKEYED_INIT: (
        "CREATE TABLE public.workspaces (id uuid PRIMARY KEY);\n"
        "ALTER TABLE public.workspaces ENABLE ROW LEVEL SECURITY;\n"
        'CREATE POLICY "Signed in" ON public.workspaces FOR SELECT TO authenticated '
        "USING (true);\n"
        # The tenant column references nothing (SL106); an index holds PostgreSQL's name for
        # its foreign key.
        "CREATE TABLE public.notes (id uuid PRIMARY KEY, workspace_id uuid NOT NULL, "
        "deleted_at timestamptz);\n"
        "CREATE INDEX notes_workspace_id_fkey ON public.notes (id);\n"
        "ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;\n"
        'CREATE POLICY "Signed in" ON public.notes FOR SELECT TO authenticated USING (true);\n'
    )
}
UNKEYED_ADD = f"{SUPABASE}/20240101000001_fkey_notes_workspace_id.sql"
UNKEYED_ADD_SQL = (
    "SET lock_timeout = '5s';\n"
    "-- schemalint fix (SL106): reference `workspaces` from `notes`.`workspace_id` (NOT VALID: "
    "existing rows are checked by the VALIDATE after)\n"
    "ALTER TABLE notes ADD CONSTRAINT notes_workspace_id_fkey1 FOREIGN KEY (workspace_id) "
    "REFERENCES workspaces (id) NOT VALID;\n"
)
UNKEYED_INDEX = f"{SUPABASE}/20240101000002_index_notes_workspace_id_idx.sql"
UNKEYED_INDEX_SQL = (
    "-- schemalint fix (SL106): index the foreign key (workspace_id) of `notes`\n"
    "CREATE INDEX CONCURRENTLY notes_workspace_id_idx ON notes (workspace_id);\n"
)
UNKEYED_VALIDATE = f"{SUPABASE}/20240101000003_validate_notes_workspace_id.sql"
UNKEYED_VALIDATE_SQL = (
    "SET lock_timeout = '5s';\n"
    "-- schemalint fix (SL106): validate the foreign key of `notes`.`workspace_id` (fails while "
    "a row's `workspace_id` is missing from `workspaces`: fix or delete those rows first)\n"
    "ALTER TABLE notes VALIDATE CONSTRAINT notes_workspace_id_fkey1;\n"
)


def test_a_tenant_column_gets_its_foreign_key_not_valid_its_index_then_its_validation(
    here: Path,
) -> None:
    """SL106: the key NOT VALID after a lock_timeout (named past the index holding
    PostgreSQL's name), its index CONCURRENTLY alone (SL201 would ask), then VALIDATE in a
    transaction of its own (SL504 flags it in the NOT VALID one); no SL201, SL503, SL504 or
    SL507 afterwards, and a second ``fix`` changes nothing."""
    write_tree(here, UNKEYED)
    assert check() == [
        ("SL106", UNKEYED_INIT, 4, 49, "Tenant column `workspace_id` of `notes` has no foreign "
         "key to `workspaces`"),
        ("SL108", UNKEYED_INIT, 7, 1, "Policy `Signed in` on `notes` is not scoped by tenant: "
         "its USING reads no tenant column (`workspace_id`) and no membership function"),
    ]  # fmt: skip
    dry = fix("--dry-run")
    assert dry.output == (
        f"schemalint: would write {UNKEYED_ADD} (SL106)\n{UNKEYED_ADD_SQL}"
        f"schemalint: would write {UNKEYED_INDEX} (SL106)\n{UNKEYED_INDEX_SQL}"
        f"schemalint: would write {UNKEYED_VALIDATE} (SL106)\n{UNKEYED_VALIDATE_SQL}"
    )
    converges(
        here,
        {
            UNKEYED_ADD: UNKEYED_ADD_SQL,
            UNKEYED_INDEX: UNKEYED_INDEX_SQL,
            UNKEYED_VALIDATE: UNKEYED_VALIDATE_SQL,
        },
        frozenset({"SL106"}),
    )


def test_a_tenant_table_without_a_one_column_key_needs_input_and_nothing_is_written(
    here: Path,
) -> None:
    """Which column the key references is not clear: noted, nothing written."""
    composite = UNKEYED[UNKEYED_INIT].replace(
        "public.workspaces (id uuid PRIMARY KEY)",
        "public.workspaces (id uuid, region text, PRIMARY KEY (id, region))",
    )
    write_tree(here, {UNKEYED_INIT: composite})
    assert [code for code, *_ in check()] == ["SL106", "SL108"]
    before = snapshot(here)
    result = fix()
    assert result.output == (
        "schemalint: supabase/migrations: SL106 not fixed, needs your input: the tenant table "
        "`workspaces` has no one-column primary key for `notes`.`workspace_id` to reference: "
        "add its foreign key yourself\n"
    )
    assert snapshot(here) == before


def test_the_tenant_foreign_key_applies_on_postgresql_and_is_validated(
    here: Path, postgres_any: object
) -> None:
    """Ground truth: the history and the three new files apply (each sent as one query
    string, as the Supabase CLI does); the key is PostgreSQL's, validated, and indexed."""
    from tests.pgcluster import SUPABASE_STUB, Cluster

    assert isinstance(postgres_any, Cluster)
    database = "fix_tenant_key"
    deploy_fixed(postgres_any, here, UNKEYED, database, SUPABASE_STUB)
    key = postgres_any.execute(
        database,
        "SELECT conname, convalidated, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'public.notes'::regclass AND contype = 'f';",
    )
    assert key.strip() == (
        "notes_workspace_id_fkey1|t|FOREIGN KEY (workspace_id) REFERENCES workspaces(id)"
    )
    index = postgres_any.execute(
        database, "SELECT indexdef FROM pg_indexes WHERE indexname = 'notes_workspace_id_idx';"
    )
    assert index.strip() == (
        "CREATE INDEX notes_workspace_id_idx ON public.notes USING btree (workspace_id)"
    )


UNKEYED_OUT_OF_BAND = (
    "run `CREATE INDEX CONCURRENTLY notes_workspace_id_idx ON notes (workspace_id)` out of band "
    "(with psql, before the deploy)"
)


ZERO_JOURNAL = (
    '{"version":"7","dialect":"postgresql","entries":[{"idx":0,"tag":"0000_init","when":0}]}'
)
UNKEYED_WOULD_CAUSE = (
    "SL106 not fixed, needs your input: `ALTER TABLE notes ADD CONSTRAINT "
    "notes_workspace_id_fkey1 FOREIGN KEY (workspace_id) REFERENCES workspaces (id) NOT VALID;` "
    "would cause SL201: Foreign key `workspace_id` on `notes` (referencing `workspaces`) has no "
    "index\n"
)


@pytest.mark.parametrize(
    ("config", "where"),
    [
        # Supabase CLI < 2.109 cannot build an index CONCURRENTLY (out of band only).
        ({".schemalint.yaml": 'runner-version: "2.108.0"\n'}, SUPABASE),
        # drizzle-kit runs every pending migration in one transaction.
        ({"drizzle/meta/_journal.json": ZERO_JOURNAL}, "drizzle"),
    ],
    ids=["supabase-2.108", "drizzle"],
)
def test_a_tenant_key_whose_index_the_runner_cannot_build_needs_input(
    here: Path, config: dict[str, str], where: str
) -> None:
    """The plan is linted before it is written: where the runner cannot build the key's
    index CONCURRENTLY, the NOT VALID key would leave an unindexed foreign key (SL201) in the
    new migration: SL106 is dropped and noted with the finding it would cause, with the
    runner's advice for the index kept; nothing is written, and ``check`` is as before."""
    tree = {**UNKEYED, **config}
    if where == "drizzle":
        tree = {**config, "drizzle/0000_init.sql": UNKEYED[UNKEYED_INIT]}
    write_tree(here, tree)
    before, files = check(), snapshot(here)
    supabase = "The Supabase CLI always runs it inside a transaction: "
    drizzle = "drizzle-kit runs every pending migration in one transaction, where it cannot run: "
    advice = (supabase if where == SUPABASE else drizzle) + UNKEYED_OUT_OF_BAND
    if where == "drizzle":
        advice += ", and keep the migration's statement idempotent (`IF NOT EXISTS`) so that it finds the work done"
    assert fix().output == (
        f"schemalint: {where}: {UNKEYED_WOULD_CAUSE}"
        f"schemalint: {where}: SL106 not fixed, nothing written: {advice}.\n"
    )
    assert snapshot(here) == files
    assert check() == before


GRAPHILE_UNKEYED = {
    "migrations/committed/000001.sql": "--! Previous: -\n--! Hash: sha1:0000\n\n"
    + UNKEYED[UNKEYED_INIT],
    "migrations/current.sql": "-- Enter migration here\n",
}


def test_graphile_tenant_key_needs_input_and_nothing_is_written(here: Path) -> None:
    """graphile-migrate runs current.sql again on every save, where ADD CONSTRAINT fails once
    the constraint exists: SL106 needs the user's input, current.sql is left as it was."""
    write_tree(here, GRAPHILE_UNKEYED)
    assert [code for code, *_ in check()] == ["SL106", "SL108"]
    before = snapshot(here)
    result = fix()
    assert result.exit_code == 0
    assert result.output == (
        "schemalint: migrations: SL106 not fixed, needs your input: graphile-migrate runs "
        "current.sql again on every save, where `ADD CONSTRAINT` fails once the constraint "
        "exists: add the foreign key NOT VALID in a migration yourself, then VALIDATE it in "
        "one after\n"
    )
    assert snapshot(here) == before


DRIZZLE_INDEXED = UNKEYED[UNKEYED_INIT].replace(
    "CREATE INDEX notes_workspace_id_fkey ON public.notes (id);\n",
    "CREATE INDEX notes_workspace_id_fkey ON public.notes (id);\n"
    "CREATE INDEX notes_by_workspace ON public.notes (workspace_id);\n",
)


def test_drizzle_gets_the_tenant_key_now_and_its_validation_from_the_next_fix(
    here: Path,
) -> None:
    """drizzle-kit runs every pending migration in one transaction, where VALIDATE would scan
    under the lock of the NOT VALID key: the first ``fix`` writes the key and says to run
    ``fix`` again after the deploy; the next one finds the key NOT VALID in the history and
    writes its VALIDATE (and the journal entry); the one after that has nothing to do."""
    write_tree(
        here,
        {"drizzle/meta/_journal.json": ZERO_JOURNAL, "drizzle/0000_init.sql": DRIZZLE_INDEXED},
    )
    add = "drizzle/0001_fkey_notes_workspace_id.sql"
    validate = "drizzle/0002_validate_notes_workspace_id.sql"
    statement = "ALTER TABLE notes VALIDATE CONSTRAINT notes_workspace_id_fkey1;"
    assert fix().output == (
        f"schemalint: wrote {add} (SL106)\n"
        "schemalint: listed the new migrations in drizzle/meta/_journal.json\n"
        "schemalint: drizzle: SL106: VALIDATE not written: drizzle-kit runs every pending "
        "migration in one transaction, where VALIDATE would scan under the lock of the NOT "
        "VALID key: once this deploy is done, run `schemalint fix` again: it writes "
        f"`{statement}` in a migration of its own\n"
    )
    assert snapshot(here)[add].decode() == UNKEYED_ADD_SQL.replace(
        "SET lock_timeout = '5s';\n", "SET lock_timeout = '5s';\n--> statement-breakpoint\n"
    )
    sl108 = (
        "SL108", "drizzle/0000_init.sql", 8, 1, "Policy `Signed in` on `notes` is not scoped by "
        "tenant: its USING reads no tenant column (`workspace_id`) and no membership function",
    )  # fmt: skip
    assert check() == [sl108]
    assert fix().output == (
        f"schemalint: wrote {validate} (SL106)\n"
        "schemalint: listed the new migrations in drizzle/meta/_journal.json\n"
    )
    written = snapshot(here)
    assert written[validate].decode() == (
        "SET lock_timeout = '5s';\n--> statement-breakpoint\n"
        + UNKEYED_VALIDATE_SQL.removeprefix("SET lock_timeout = '5s';\n")
    )
    assert json.loads(written["drizzle/meta/_journal.json"])["entries"][1:] == [
        {"idx": 1, "version": "7", "when": 1000, "tag": add[8:-4], "breakpoints": True},
        {"idx": 2, "version": "7", "when": 2000, "tag": validate[8:-4], "breakpoints": True},
    ]
    assert check() == [sl108]
    assert fix().output == "schemalint: nothing to fix\n"
    assert snapshot(here) == written


OPTIONS_CONFIG = (
    "rules:\n  SL402:\n    column: archived_at\n  SL102:\n    exposed-schemas: [public, api]\n"
)
OPTIONS_CONTENT = (
    "CREATE SCHEMA api;\n"
    "CREATE TABLE api.docs (\n"
    "  id uuid PRIMARY KEY,\n"
    "  workspace_id uuid NOT NULL REFERENCES public.workspaces (id)\n"
    ");\n"
    "CREATE INDEX docs_workspace_id_idx ON api.docs (workspace_id);\n"
)


def test_the_fix_follows_the_rules_options_and_converges(here: Path) -> None:
    """SL402's ``column`` and SL102's ``exposed-schemas`` set in the config: the fix adds the
    configured soft-delete column (not ``deleted_at``), skips archived memberships in the
    policy, and enables RLS on the table of the configured exposed schema; ``check`` after is
    ``check`` before minus the fixed findings, and a second ``fix`` has nothing to do."""
    members = TENANCY[MEMBERS].replace("deleted_at", "archived_at")
    write_tree(
        here, {MEMBERS: members, CONTENT: OPTIONS_CONTENT, ".schemalint.yaml": OPTIONS_CONFIG}
    )
    assert check() == [
        ("SL102", CONTENT, 2, 14, "Table `api.docs` is in the exposed schema `api` without row "
         "level security"),
        ("SL402", CONTENT, 2, 14, "Tenant-scoped table `api.docs` has no `archived_at` column"),
    ]  # fmt: skip
    archived = _member_check("docs").replace("deleted_at", "archived_at")
    written = (
        "SET lock_timeout = '5s';\n"
        "-- schemalint fix (SL402): give `docs` its soft-delete column\n"
        "ALTER TABLE api.docs ADD COLUMN archived_at timestamptz;\n"
        "-- schemalint fix (SL102): enable row level security on `docs`\n"
        "ALTER TABLE api.docs ENABLE ROW LEVEL SECURITY;\n"
        "-- schemalint fix (SL102): let the members of its workspace (`workspace_members`) "
        "reach the rows of `docs`\n"
        'CREATE POLICY "Members of the row\'s workspace" ON api.docs\n'
        "  FOR ALL TO authenticated\n"
        f"  USING ({archived})\n"
        f"  WITH CHECK ({archived});\n"
    )
    fixes = f"{SUPABASE}/20240102000001_schemalint_fixes.sql"
    converges(here, {fixes: written}, frozenset({"SL102", "SL402"}))


def test_the_fix_that_follows_the_options_applies_on_postgresql(
    here: Path, postgres_any: object
) -> None:
    """Ground truth: the history and the new file apply; `api.docs` has RLS on, the
    configured `archived_at` column, and the policy skips archived memberships."""
    from tests.pgcluster import SUPABASE_STUB, Cluster

    assert isinstance(postgres_any, Cluster)
    members = TENANCY[MEMBERS].replace("deleted_at", "archived_at")
    tree = {MEMBERS: members, CONTENT: OPTIONS_CONTENT, ".schemalint.yaml": OPTIONS_CONFIG}
    database = "fix_options"
    deploy_fixed(postgres_any, here, tree, database, SUPABASE_STUB)
    docs = postgres_any.execute(
        database,
        "SELECT c.relrowsecurity, a.atttypid::regtype FROM pg_class c JOIN pg_attribute a "
        "ON a.attrelid = c.oid AND a.attname = 'archived_at' WHERE c.oid = 'api.docs'::regclass;",
    )
    assert docs.strip() == "t|timestamp with time zone"
    policy = postgres_any.execute(
        database, "SELECT cmd, qual FROM pg_policies WHERE schemaname = 'api';"
    )
    assert policy.strip() == (
        "ALL|(EXISTS ( SELECT 1\n   FROM workspace_members m\n  WHERE ((m.workspace_id = "
        "docs.workspace_id) AND (m.user_id = ( SELECT auth.uid() AS uid)) AND (m.archived_at "
        "IS NULL))))"
    )


PRISMA_INDEX = "prisma/migrations/20240101000001_index_submissions_workspace_id_idx/migration.sql"
PRISMA_INDEX_SQL = (
    "-- CreateIndex\n"
    'CREATE INDEX CONCURRENTLY "submissions_workspace_id_idx" ON "submissions"("workspace_id");\n'
)


def _prisma_project(here: Path) -> str:
    """The Prisma schema with its generated history (no drift); the edited schema's text."""
    from tests.engine.test_prisma_with_migrations import INIT, SCHEMA

    write_tree(
        here,
        {
            "prisma/schema.prisma": SCHEMA,
            "prisma/migrations/20240101000000_init/migration.sql": INIT,
            "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
        },
    )
    return SCHEMA.replace(
        '  @@map("submissions")\n', '  @@map("submissions")\n  @@index([workspaceId])\n'
    )


def test_a_prisma_history_gets_the_schema_edit_and_prismas_own_migration(here: Path) -> None:
    """SL201 on a Prisma schema with its migrations beside it: the ``@@index`` edit and the
    migration ``prisma migrate dev`` would generate (its folder after the latest, the index
    name Prisma derives; CONCURRENTLY, alone in its file, which Prisma Migrate runs outside a
    transaction block), so ``check`` afterwards shows neither SL201 nor SL801 drift, nor
    SL502; the output names both files."""
    edited = _prisma_project(here)
    result = CliRunner().invoke(main, ["check", "--format", "sarif"], catch_exceptions=False)
    (finding,) = json.loads(result.stdout)["runs"][0]["results"]
    assert finding["fixes"][0]["description"]["text"] == (
        "Add `@@index([workspaceId])` and write the new migration "
        f"`{PRISMA_INDEX}`: `{PRISMA_INDEX_SQL.splitlines()[1]}`"
    )
    assert [
        (change["artifactLocation"]["uri"], change["replacements"][0]["insertedContent"]["text"])
        for change in finding["fixes"][0]["artifactChanges"]
    ] == [
        ("prisma/schema.prisma", "  @@index([workspaceId])\n"),
        (PRISMA_INDEX, PRISMA_INDEX_SQL),
    ]
    assert fix("--dry-run").output == (
        f"schemalint: would write {PRISMA_INDEX} (SL201)\n{PRISMA_INDEX_SQL}"
        "schemalint: would edit prisma/schema.prisma:17: Add `@@index([workspaceId])`\n"
    )
    converges(here, {PRISMA_INDEX: PRISMA_INDEX_SQL, "prisma/schema.prisma": edited})


def test_the_prisma_migration_applies_on_postgresql(here: Path, postgres_any: object) -> None:
    """Ground truth: the history and the new migration, each sent as one query string (as
    Prisma Migrate does), build the index Prisma's schema now declares."""
    from tests.pgcluster import Cluster

    assert isinstance(postgres_any, Cluster)
    _prisma_project(here)
    assert fix().exit_code == 0
    postgres_any.create_database("fix_prisma")
    for path in sorted((here / "prisma/migrations").glob("*/migration.sql")):
        done = postgres_any.psql("fix_prisma", "-c", path.read_text())
        assert done.returncode == 0, (path, done.stderr)
    index = postgres_any.execute(
        "fix_prisma",
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'submissions_workspace_id_idx';",
    )
    assert index.strip() == (
        "CREATE INDEX submissions_workspace_id_idx ON public.submissions USING btree (workspace_id)"
    )


def test_a_tenant_key_left_not_valid_in_the_history_gets_its_validation(here: Path) -> None:
    """A tenant key the history adds NOT VALID and never validates: ``fix`` writes its
    VALIDATE in a migration of its own (its own transaction, after a lock_timeout); then
    there is nothing left to do."""
    added = f"{SUPABASE}/20240101000001_key.sql"
    key = (
        "CREATE INDEX notes_workspace_id_idx ON public.notes (workspace_id);\n"
        "ALTER TABLE public.notes ADD CONSTRAINT notes_workspace_id_fkey1 FOREIGN KEY "
        "(workspace_id) REFERENCES public.workspaces (id) NOT VALID;\n"
    )
    write_tree(here, {**UNKEYED, added: key})
    validate = f"{SUPABASE}/20240101000002_validate_notes_workspace_id.sql"
    assert fix("--dry-run").output == (
        f"schemalint: would write {validate} (SL106)\n{UNKEYED_VALIDATE_SQL}"
    )
    converges(here, {validate: UNKEYED_VALIDATE_SQL}, frozenset())


def test_prisma_folders_for_the_schema_follow_those_for_the_raw_sql(here: Path) -> None:
    """A Prisma history with a raw-SQL table: its SL201 gets the next folder, the schema's
    index the one after; every other finding stays (SL801 on the raw table included), and
    a second ``fix`` has nothing to do."""
    edited = _prisma_project(here)
    raw = "prisma/migrations/20240101000001_raw/migration.sql"
    write_tree(
        here,
        {
            raw: 'CREATE TABLE "audit" (id int PRIMARY KEY, submission_id TEXT REFERENCES '
            '"submissions"("id"));\n'
        },
    )
    audit = "prisma/migrations/20240101000002_index_audit_submission_id_idx/migration.sql"
    audit_sql = (
        "-- schemalint fix (SL201): index the foreign key (submission_id) of `audit`\n"
        "CREATE INDEX CONCURRENTLY audit_submission_id_idx ON audit (submission_id);\n"
    )
    schema_index = PRISMA_INDEX.replace("20240101000001", "20240101000003")
    converges(
        here,
        {audit: audit_sql, schema_index: PRISMA_INDEX_SQL, "prisma/schema.prisma": edited},
    )


WAITLIST = f"{SUPABASE}/20240101000000_waitlist.sql"
WAITLIST_SQL = (
    "CREATE TABLE public.waitlist (id uuid PRIMARY KEY, email text NOT NULL);\n"
    "-- schemalint-ignore SL603: anyone may join the waitlist, signed in or not\n"
    'CREATE POLICY "Anyone can join" ON public.waitlist FOR INSERT TO anon\n'
    "  WITH CHECK (true);\n"
)
WAITLIST_FIX = f"{SUPABASE}/20240101000001_rls_waitlist.sql"
WAITLIST_FIX_SQL = (
    "SET lock_timeout = '5s';\n"
    "-- schemalint fix (SL102, SL104): enable row level security on `waitlist`\n"
    "ALTER TABLE waitlist ENABLE ROW LEVEL SECURITY;\n"
)


def shown(*args: str) -> list[tuple[str, int, int, str, bool]]:
    """``check``'s findings as (code, line, column, message, suppressed)."""
    result = CliRunner().invoke(main, ["check", "--format", "json", *args], catch_exceptions=False)
    return [
        (f["code"], f["line"], f["column"], f["message"], f["suppressed"])
        for f in json.loads(result.stdout)["findings"]
    ]


def test_a_finding_a_suppression_comment_covers_does_not_drop_the_step(here: Path) -> None:
    """The plan is linted as ``check`` lints. Row level security on makes the waitlist's
    ``WITH CHECK (true)`` insert policy SL603's, at the policy in the old file, where the
    comment above it covers it (it is unused until then: SL002): ``check`` would not report
    it, so the step is written; ``check`` afterwards shows the SL603 suppressed and neither
    the fixed findings nor the SL002."""
    write_tree(here, {WAITLIST: WAITLIST_SQL})
    assert shown() == [
        ("SL101", 1, 14, "Table `waitlist` has no tenant column (`organization_id` or "
         "`workspace_id`)", False),
        ("SL102", 1, 14, "Table `waitlist` is in the exposed schema `public` without row level "
         "security", False),
        ("SL002", 2, 22, "suppression of SL603 matched no finding", False),
        ("SL104", 3, 1, "Policy `Anyone can join` on `waitlist` has no effect: row level "
         "security is not enabled", False),
    ]  # fmt: skip
    result = fix()
    assert result.output == f"schemalint: wrote {WAITLIST_FIX} (SL102, SL104)\n"
    assert (here / WAITLIST_FIX).read_text() == WAITLIST_FIX_SQL
    assert shown() == [
        ("SL101", 1, 14, "Table `waitlist` has no tenant column (`organization_id` or "
         "`workspace_id`)", False),
        ("SL603", 4, 15, "Policy `Anyone can join` on `waitlist` (INSERT, `anon`): its "
         "`WITH CHECK` is always true, so any row can be written", True),
    ]  # fmt: skip
    assert fix().output == "schemalint: nothing to fix\n"


def test_without_the_suppression_comment_the_step_that_causes_a_finding_is_dropped(
    here: Path,
) -> None:
    """The same history without the comment: row level security on would make the policy
    SL603's, so the step is dropped with that finding and nothing is written."""
    comment = WAITLIST_SQL.splitlines(keepends=True)[1]
    write_tree(here, {WAITLIST: WAITLIST_SQL.replace(comment, "")})
    before = snapshot(here)
    assert fix().output == "".join(
        f"schemalint: supabase/migrations: {code} not fixed, needs your input: `ALTER TABLE "
        "waitlist ENABLE ROW LEVEL SECURITY;` would cause SL603 at "
        f"{WAITLIST}:3:15: Policy `Anyone can join` on `waitlist` (INSERT, `anon`): its "
        "`WITH CHECK` is always true, so any row can be written\n"
        for code in ("SL102", "SL104")
    )
    assert snapshot(here) == before


# A Supabase project whose users sign in with a third-party auth (Clerk): the user is the
# JWT's `sub`, a text id that no row of `auth.users` holds; SL108 is told the function.
CLERK = {
    ".schemalint.yaml": "rules:\n  SL108:\n    user-functions: [requesting_user_id]\n",
    MEMBERS: (
        "CREATE FUNCTION public.requesting_user_id() RETURNS text LANGUAGE sql STABLE\n"
        "  SET search_path = ''\n"
        "  AS $$ SELECT nullif(current_setting('request.jwt.claims', true)::jsonb ->> 'sub', '') "
        "$$;\n"
        "CREATE TABLE public.workspaces (id uuid PRIMARY KEY);\n"
        "CREATE TABLE public.workspace_members (\n"
        "  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),\n"
        "  user_id text NOT NULL,\n"
        "  deleted_at timestamptz,\n"
        "  PRIMARY KEY (workspace_id, user_id)\n"
        ");\n"
        "CREATE INDEX workspace_members_user_id_idx ON public.workspace_members (user_id);\n"
        "ALTER TABLE public.workspace_members ENABLE ROW LEVEL SECURITY;\n"
        'CREATE POLICY "Members see their memberships" ON public.workspace_members\n'
        "  FOR SELECT TO authenticated USING (user_id = (SELECT requesting_user_id()));\n"
        "ALTER TABLE public.workspaces ENABLE ROW LEVEL SECURITY;\n"
        'CREATE POLICY "Members see their workspaces" ON public.workspaces\n'
        "  FOR SELECT TO authenticated\n"
        "  USING (id IN (SELECT workspace_id FROM public.workspace_members\n"
        "    WHERE user_id = (SELECT requesting_user_id())));\n"
    ),
    CONTENT: (
        "CREATE TABLE public.notes (\n"
        "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n"
        "  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),\n"
        "  body text,\n"
        "  deleted_at timestamptz\n"
        ");\n"
        "CREATE INDEX notes_workspace_id_idx ON public.notes (workspace_id);\n"
    ),
}
CLERK_CHECK = (
    "EXISTS (SELECT 1 FROM workspace_members m WHERE m.workspace_id = notes.workspace_id AND "
    "m.user_id = (SELECT requesting_user_id()) AND m.deleted_at IS NULL)"
)
CLERK_FIX = f"{SUPABASE}/20240102000001_schemalint_fixes.sql"
CLERK_SQL = (
    "SET lock_timeout = '5s';\n"
    "-- schemalint fix (SL102): enable row level security on `notes`\n"
    "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n"
    "-- schemalint fix (SL102): let the members of its workspace (`workspace_members`) reach "
    "the rows of `notes`\n"
    'CREATE POLICY "Members of the row\'s workspace" ON notes\n'
    "  FOR ALL TO authenticated\n"
    f"  USING ({CLERK_CHECK})\n"
    f"  WITH CHECK ({CLERK_CHECK});\n"
)


def test_the_policy_compares_members_with_the_user_function_sl108_is_told(here: Path) -> None:
    """SL108's ``user-functions`` names the function that returns the current user: the
    membership table need not reference ``auth.users``, and the generated policy compares
    ``user_id`` with that function, once per statement; ``check`` after is ``check`` before
    minus the SL102, and a second ``fix`` has nothing to do."""
    write_tree(here, CLERK)
    assert check() == [
        ("SL102", CONTENT, 1, 14, "Table `notes` is in the exposed schema `public` without row "
         "level security"),
    ]  # fmt: skip
    converges(here, {CLERK_FIX: CLERK_SQL}, frozenset({"SL102"}))


def test_without_the_user_function_the_membership_must_reference_auth_users(
    here: Path,
) -> None:
    """The same history with SL108's default (``auth.uid``): a ``user_id`` that references
    no ``auth.users`` does not say who a Supabase user is; nothing is written."""
    write_tree(here, {key: text for key, text in CLERK.items() if key != ".schemalint.yaml"})
    before = snapshot(here)
    assert fix().output == (
        "schemalint: supabase/migrations: SL102 not fixed, needs your input: no single "
        "membership table (`workspace_id` and a `user_id` referencing `auth.users` as its key) "
        "tells who belongs to a tenant\n"
    )
    assert snapshot(here) == before


def test_the_policy_with_the_user_function_applies_and_scopes_rows_on_postgresql(
    here: Path, postgres_any: object
) -> None:
    """Ground truth: the history and the new file apply, and a member (the JWT's `sub`, a
    third-party user id) sees and writes the rows of its workspace only."""
    from tests.pgcluster import SUPABASE_STUB, Cluster

    assert isinstance(postgres_any, Cluster)
    database = "fix_user_function"
    deploy_fixed(postgres_any, here, CLERK, database, SUPABASE_STUB)
    ours, theirs = "00000000-0000-0000-0000-0000000000a1", "00000000-0000-0000-0000-0000000000b1"
    postgres_any.execute(
        database,
        f"INSERT INTO workspaces VALUES ('{ours}'), ('{theirs}');\n"
        f"INSERT INTO workspace_members VALUES ('{ours}', 'user_2a', NULL);\n"
        f"INSERT INTO notes (workspace_id, body) VALUES ('{ours}', 'ours'), ('{theirs}', 'x');\n",
    )
    _member_sees_only_its_workspace(postgres_any, database, "user_2a", theirs)


COMMENT_MODEL = (
    "\n"
    "model Comment {\n"
    "  id           String     @id @default(uuid())\n"
    '  submissionId String     @map("submission_id")\n'
    "  submission   Submission @relation(fields: [submissionId], references: [id])\n"
    '  @@map("comments")\n'
    "}\n"
)


def test_a_prisma_migration_that_would_cause_a_finding_is_dropped_with_its_edit(
    here: Path,
) -> None:
    """A model added to the schema and not migrated yet (SL801): the index migration of its
    key goes through the plan's lint like every planned file; on a table no migration creates
    it would be SL003's (and fail on deploy), so neither it nor its ``@@index`` is written,
    and the note says why; SARIF offers that finding no fix. The other model's index is
    written with its edit; ``check`` after is ``check`` before minus that SL201."""
    edited = _prisma_project(here)
    deleted = '  deletedAt   DateTime? @map("deleted_at")\n'
    comments = "  comments    Comment[]\n"
    schema = (here / "prisma/schema.prisma").read_text()
    write_tree(
        here,
        {"prisma/schema.prisma": schema.replace(deleted, deleted + comments) + COMMENT_MODEL},
    )
    edited = edited.replace(deleted, deleted + comments) + COMMENT_MODEL
    workspace_key = (
        "SL201", "prisma/schema.prisma", 16, 25, "Foreign key `workspaceId` (column "
        "`workspace_id`) on model `Submission` (table `submissions`) (referencing model "
        "`Workspace` (table `workspaces`)) has no index",
    )  # fmt: skip
    before = check()
    assert before == [
        workspace_key,
        ("SL101", "prisma/schema.prisma", 20, 7, "Model `Comment` (table `comments`) has no "
         "tenant column (`organization_id` or `workspace_id`)"),
        ("SL801", "prisma/schema.prisma", 20, 7, "Model `Comment` (table `comments`) has no "
         "table in the migrations"),
        ("SL201", "prisma/schema.prisma", 23, 27, "Foreign key `submissionId` (column "
         "`submission_id`) on model `Comment` (table `comments`) (referencing model `Submission` "
         "(table `submissions`)) has no index"),
    ]  # fmt: skip
    sarif = CliRunner().invoke(main, ["check", "--format", "sarif"], catch_exceptions=False)
    fixed = [
        (r["locations"][0]["physicalLocation"]["region"]["startLine"], "fixes" in r)
        for r in json.loads(sarif.stdout)["runs"][0]["results"]
        if r["ruleId"] == "SL201"
    ]
    assert fixed == [(16, True), (23, False)]
    result = fix()
    assert result.output == (
        f"schemalint: wrote {PRISMA_INDEX} (SL201)\n"
        "schemalint: edited prisma/schema.prisma:18: Add `@@index([workspaceId])`\n"
        "schemalint: prisma/migrations: SL201 not fixed, needs your input: `CREATE INDEX "
        'CONCURRENTLY "comments_submission_id_idx" ON "comments"("submission_id");` would '
        "cause SL003: `CREATE INDEX` on table `comments`, which no earlier migration creates\n"
    )
    assert (here / PRISMA_INDEX).read_text() == PRISMA_INDEX_SQL
    assert (here / "prisma/schema.prisma").read_text() == edited
    assert sorted(p.parent.name for p in (here / "prisma/migrations").glob("*/migration.sql")) == [
        "20240101000000_init",
        "20240101000001_index_submissions_workspace_id_idx",
    ]
    assert check() == [
        (code, path, line + 1 if line > 16 else line, column, message)
        for code, path, line, column, message in before
        if (code, path, line, column, message) != workspace_key
    ]


def _member_sees_only_its_workspace(
    cluster: Cluster, database: str, member: str, theirs: str
) -> None:
    """As ``authenticated`` with JWT ``sub`` ``member``: `notes` shows only the member's
    workspace's row, and an insert into workspace ``theirs`` fails with the RLS error."""
    as_member = (
        "BEGIN; SET LOCAL ROLE authenticated;\n"
        f"SELECT set_config('request.jwt.claims', '{{\"sub\": \"{member}\"}}', true) IS NULL;\n"
    )
    seen = cluster.execute(database, f"{as_member}SELECT body FROM notes;\nROLLBACK;\n")
    assert seen.split() == ["f", "ours"]
    leak = cluster.psql(
        database,
        stdin=f"{as_member}INSERT INTO notes (workspace_id, body) VALUES ('{theirs}', 'x');\n",
    )
    errors = [line for line in leak.stderr.splitlines() if "ERROR" in line]
    assert errors == ['ERROR:  new row violates row-level security policy for table "notes"']
