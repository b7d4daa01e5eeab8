"""The issue's repros (tools and dialects as objects), each through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from schemalint.cli import main
from schemalint.inputs.discovery import discover
from schemalint.tools.dialects import MYSQL
from tests.trees import write_tree

Shown = tuple[str, str, int, int, str]

DRIZZLE_MYSQL = (
    "CREATE TABLE `a` (`id` int NOT NULL, CONSTRAINT `a_id` PRIMARY KEY(`id`));\n"
    "--> statement-breakpoint\n"
    "CREATE TABLE `b` (`id` int NOT NULL, `workspace_id` char(24) NOT NULL);\n"
)


def _check(cwd: Path, *args: str) -> tuple[int, list[Shown], str]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args], catch_exceptions=False)
    found = [
        (f["code"], f["path"], f["line"], f["column"], f["message"])
        for f in json.loads(result.stdout)["findings"]
    ]
    return result.exit_code, found, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _journal(dialect: str, *tags: str) -> str:
    entries = ",".join(f'{{"idx":{i},"tag":"{tag}","when":{i}}}' for i, tag in enumerate(tags))
    return f'{{"version":"7","dialect":"{dialect}","entries":[{entries}]}}'


A_MISSES_TENANT = "Table `a` has no tenant column (`organization_id` or `workspace_id`)"
B_MISSES_SOFT_DELETE = "Tenant-scoped table `b` has no `deleted_at` column"


@pytest.mark.parametrize("journal_dialect", ["mysql", "sqlite"])
@pytest.mark.parametrize("option", [[], ["--dialect", "auto"]])
def test_a_drizzle_journal_names_the_dialect_and_breakpoints_split_statements(
    here: Path, journal_dialect: str, option: list[str]
) -> None:
    sql = DRIZZLE_MYSQL if journal_dialect == "mysql" else DRIZZLE_MYSQL.replace("`", '"')
    write_tree(
        here,
        {
            "drizzle/meta/_journal.json": _journal(journal_dialect, "0000_init"),
            "drizzle/0000_init.sql": sql,
        },
    )
    code, found, _ = _check(here, "--select", "SL001,SL101,SL402", *option, "drizzle")
    assert (code, found) == (
        1,
        [
            ("SL101", "drizzle/0000_init.sql", 1, 14, A_MISSES_TENANT),
            ("SL402", "drizzle/0000_init.sql", 3, 14, B_MISSES_SOFT_DELETE),
        ],
    )


def test_with_dialect_mysql_drizzle_breakpoints_still_split(here: Path) -> None:
    write_tree(
        here,
        {
            "drizzle/meta/_journal.json": '{"entries":[{"idx":0,"tag":"0000_init"}]}',
            "drizzle/0000_init.sql": DRIZZLE_MYSQL,
        },
    )
    code, found, _ = _check(here, "--select", "SL001,SL101,SL402", "--dialect", "mysql", "drizzle")
    assert (code, [f[:4] for f in found]) == (
        1,
        [("SL101", "drizzle/0000_init.sql", 1, 14), ("SL402", "drizzle/0000_init.sql", 3, 14)],
    )


def test_a_file_the_drizzle_journal_does_not_list_is_not_replayed(here: Path) -> None:
    write_tree(
        here,
        {
            "drizzle/meta/_journal.json": _journal("postgresql", "0000_init"),
            "drizzle/0000_init.sql": (
                "CREATE TABLE orgs (id int PRIMARY KEY);\n--> statement-breakpoint\n"
                "CREATE TABLE p (id int PRIMARY KEY, organization_id int REFERENCES orgs);\n"
                "--> statement-breakpoint\n"
                "CREATE INDEX p_org ON p (organization_id);\n"
            ),
            "drizzle/0001_stray.sql": "DROP INDEX p_org;\n",
        },
    )
    code, found, stderr = _check(here, "--select", "SL201", "-v", "drizzle")
    assert (code, found) == (0, [])
    assert (
        "schemalint:   skipped drizzle/0001_stray.sql: not listed in meta/_journal.json: "
        "drizzle-kit does not apply it\n"
    ) in stderr


def test_a_versioned_folder_applies_plain_and_up_files_by_version(here: Path) -> None:
    write_tree(
        here,
        {
            "m/201701010000_a.up.sql": "CREATE TABLE t (id int PRIMARY KEY);\n",
            "m/201801010000_b.sql": "CREATE TABLE u (id int PRIMARY KEY);\n",
            "m/202501010000_c.up.sql": "ALTER TABLE u ADD COLUMN t_id int REFERENCES t (id);\n",
        },
    )
    code, found, _ = _check(here, "--select", "SL201", "m")
    assert (code, found) == (
        0,
        [
            (
                "SL201",
                "m/202501010000_c.up.sql",
                1,
                35,
                "Foreign key `t_id` on `u` (referencing `t`) has no index",
            )
        ],
    )


def test_placeholders_are_masked_with_the_configured_dialect(tmp_path: Path) -> None:
    text = "INSERT INTO t VALUES ('it\\'s :x');\n"
    write_tree(tmp_path, {"m/1_a.sql": text, "m/2_b.sql": ""})
    (mysql,) = discover([Path("m")], cwd=tmp_path, dialect=(MYSQL, "--dialect")).streams
    assert mysql.files[0].masked == text
    assert (mysql.dialect, mysql.dialect_source) == (MYSQL, "--dialect")
    # Read as PostgreSQL the backslash ends nothing, so ``:x`` is outside the string.
    (postgres,) = discover([Path("m")], cwd=tmp_path).streams
    assert postgres.files[0].masked == "INSERT INTO t VALUES ('it\\'s _x');\n"


SEED = "TRUNCATE public.projects;\n"


def test_a_supabase_projects_seed_and_tests_are_not_linted(here: Path) -> None:
    write_tree(
        here,
        {
            "supabase/config.toml": '[db]\nmajor_version = 15\n[api]\nschemas = ["api"]\n',
            "supabase/migrations/20240101000000_init.sql": (
                "CREATE TABLE public.projects (id int PRIMARY KEY);\n"
                "CREATE TABLE api.items (id int PRIMARY KEY);\n"
            ),
            "supabase/seed.sql": SEED,
            "supabase/tests/rls.test.sql": "begin;\nselect plan(1);\nrollback;\n",
        },
    )
    code, found, stderr = _check(here, "--select", "SL102,SL401", "-v")
    assert (code, found) == (
        1,
        [
            (
                "SL102",
                "supabase/migrations/20240101000000_init.sql",
                2,
                14,
                "Table `api.items` is in the exposed schema `api` without row level security",
            )
        ],
    )
    assert stderr.startswith(
        "schemalint: supabase/migrations: 1 file, tool supabase\n"
        "schemalint:   dialect: PostgreSQL (the default)\n"
        "schemalint:   runner: The Supabase CLI (newest): each file in its own transaction; "
        "non-transactional statements run alone\n"
        "schemalint:   PostgreSQL version: 15 (from supabase/config.toml)\n"
        "schemalint:   exposed schemas: api (from supabase/config.toml)\n"
        "schemalint: skipped supabase/seed.sql: seed data (run after the migrations by "
        "`supabase db reset`)\n"
        "schemalint: skipped supabase/tests: pgTAP tests (`supabase test db`), not migrations\n"
    )
    # Named on the command line, the seed file is linted, on its own.
    code, found, _ = _check(here, "--select", "SL401", "supabase/seed.sql")
    assert (code, [f[:4] for f in found]) == (1, [("SL401", "supabase/seed.sql", 1, 1)])


def test_a_plain_postgres_project_exposes_no_schema_unless_configured(here: Path) -> None:
    write_tree(here, {"db/1_init.sql": "CREATE TABLE projects (id int PRIMARY KEY);\n"})
    assert _check(here, "--select", "SL102", "db")[:2] == (0, [])
    (here / ".schemalint.yaml").write_text("exposed-schemas: [public]\n")
    assert _check(here, "--select", "SL102", "db")[:2] == (
        1,
        [
            (
                "SL102",
                "db/1_init.sql",
                1,
                14,
                "Table `projects` is in the exposed schema `public` without row level security",
            )
        ],
    )


def test_sql_that_names_supabase_roles_makes_a_supabase_project(here: Path) -> None:
    sql = "CREATE TABLE projects (id int PRIMARY KEY);\nGRANT SELECT ON projects TO anon;\n"
    write_tree(here, {"db/1_init.sql": sql})
    assert [f[:4] for f in _check(here, "--select", "SL102", "db")[1]] == [
        ("SL102", "db/1_init.sql", 1, 14)
    ]


FK_TABLES = (
    "CREATE TABLE public.orgs (id int PRIMARY KEY);\n"
    "CREATE TABLE public.projects (id int PRIMARY KEY, org_id int);\n"
)
ADD_FK = "ALTER TABLE public.projects ADD FOREIGN KEY (org_id) REFERENCES public.orgs;\n"
WHY = (
    "Every delete or key update on `orgs` looks up the rows of `projects` that reference it; "
    "without an index that starts with `org_id` each lookup scans the whole table, and joins "
    "on the key are slow. "
)


def _sl201_help(here: Path, files: dict[str, str], *args: str) -> list[tuple[Shown, str]]:
    write_tree(here, files)
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--select", "SL201", *args], catch_exceptions=False
    )
    return [
        ((f["code"], f["path"], f["line"], f["column"], f["message"]), f["help"])
        for f in json.loads(result.stdout)["findings"]
    ]


SUPABASE_FK = {
    "supabase/migrations/20240101000000_init.sql": FK_TABLES,
    "supabase/migrations/20240201000000_fk.sql": ADD_FK,
}
FK_SEEN = (
    "SL201",
    "supabase/migrations/20240201000000_fk.sql",
    1,
    33,
    "Foreign key `org_id` on `projects` (referencing `orgs`) has no index",
)


def test_sl201_on_the_newest_supabase_cli_builds_the_index_concurrently(here: Path) -> None:
    assert _sl201_help(here, SUPABASE_FK) == [
        (
            FK_SEEN,
            WHY + "Add `CREATE INDEX CONCURRENTLY projects_org_id_idx ON projects (org_id);`: "
            "CONCURRENTLY builds it without blocking writes to the table, but cannot run inside "
            "a transaction block. The Supabase CLI runs it on its own, outside the file's "
            "transaction.",
        )
    ]


def test_sl201_on_a_supabase_cli_before_2_109_says_to_build_out_of_band(here: Path) -> None:
    files = {**SUPABASE_FK, ".schemalint.yaml": 'runner-version: "2.108.0"\n'}
    assert _sl201_help(here, files) == [
        (
            FK_SEEN,
            WHY + "The Supabase CLI runs each migration file in a transaction, where CREATE "
            "INDEX CONCURRENTLY cannot run; a plain CREATE INDEX would block writes to "
            "`projects` while it builds (SL502). The Supabase CLI always runs it inside a "
            "transaction: run `CREATE INDEX CONCURRENTLY projects_org_id_idx ON projects "
            "(org_id)` out of band (with psql, before the deploy).",
        )
    ]


def test_sl201_in_a_flyway_script_says_to_build_in_a_script_of_its_own(here: Path) -> None:
    files = {"db/V1__init.sql": FK_TABLES, "db/V2__fk.sql": ADD_FK}
    assert _sl201_help(here, files) == [
        (
            ("SL201", "db/V2__fk.sql", 1, 33, FK_SEEN[4]),
            WHY + "Flyway refuses a script that mixes CREATE INDEX CONCURRENTLY (or another "
            "non-transactional statement) with transactional ones unless mixed=true; a plain "
            "CREATE INDEX would block writes to `projects` while it builds (SL502). Flyway runs "
            "`CREATE INDEX CONCURRENTLY projects_org_id_idx ON projects (org_id)` outside a "
            "transaction block when it sits alone in a migration of its own: write it there.",
        )
    ]


def test_sl201_in_a_plain_folder_names_the_configured_runner(here: Path) -> None:
    files = {
        "db/1_init.sql": FK_TABLES,
        "db/2_fk.sql": ADD_FK,
        ".schemalint.yaml": "migration-tool: graphile\n",
    }
    assert _sl201_help(here, files) == [
        (
            ("SL201", "db/2_fk.sql", 1, 33, FK_SEEN[4]),
            WHY + "graphile-migrate runs each migration file in a transaction, where CREATE "
            "INDEX CONCURRENTLY cannot run; a plain CREATE INDEX would block writes to "
            "`projects` while it builds (SL502). Write `CREATE INDEX CONCURRENTLY "
            "projects_org_id_idx ON projects (org_id)` alone in a migration of its own that "
            "starts with `--! no-transaction`: graphile-migrate then runs it outside a "
            "transaction block.",
        )
    ]
    # Without a configured runner, psql runs each statement on its own.
    (here / ".schemalint.yaml").unlink()
    assert _sl201_help(here, {})[0][1] == WHY + (
        "Add `CREATE INDEX CONCURRENTLY projects_org_id_idx ON projects (org_id);`: "
        "CONCURRENTLY builds it without blocking writes to the table, but cannot run inside a "
        "transaction block."
    )
