"""Each migration layout is recognised by its structure and ordered as its tool applies it."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemalint.inputs.discovery import discover
from schemalint.tools.dialects import MYSQL, POSTGRES, SQLITE
from tests.discovery.helpers import summary
from tests.trees import write_tree


def test_prisma_migrations_are_ordered_by_folder_name_with_dialect_from_lock(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "db/20240102000000_users/migration.sql": "create table users();",
            "db/20240101000000_init/migration.sql": "create table orgs();",
            "db/migration_lock.toml": 'provider = "mysql"\n',
        },
    )
    discovery = discover([Path("db")], cwd=tmp_path)
    assert summary(discovery) == [
        (
            "db",
            "prisma",
            [
                "db/20240101000000_init/migration.sql",
                "db/20240102000000_users/migration.sql",
            ],
        )
    ]
    assert discovery.streams[0].dialect is MYSQL
    assert discovery.streams[0].dialect_source == "migration_lock.toml"


def test_prisma_lock_provider_cockroachdb_means_postgres(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "m/20240101000000_init/migration.sql": "",
            "m/migration_lock.toml": '# comment\nprovider = "cockroachdb"\n',
        },
    )
    stream = discover([Path("m")], cwd=tmp_path).streams[0]
    assert (stream.dialect, stream.dialect_source) == (POSTGRES, "migration_lock.toml")


def test_prisma_without_lock_defaults_to_postgres(tmp_path: Path) -> None:
    write_tree(tmp_path, {"m/20240101000000_init/migration.sql": ""})
    stream = discover([Path("m")], cwd=tmp_path).streams[0]
    assert (stream.dialect, stream.dialect_source) == (POSTGRES, "default")


def test_supabase_timestamped_files_are_ordered_by_name(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "s/20240301000000_b.sql": "",
            "s/20240101000000_a.sql": "",
            "s/20240201000000_c.sql": "",
        },
    )
    assert summary(discover([Path("s")], cwd=tmp_path)) == [
        (
            "s",
            "supabase",
            ["s/20240101000000_a.sql", "s/20240201000000_c.sql", "s/20240301000000_b.sql"],
        )
    ]


def test_flyway_versions_compare_numerically_and_repeatables_come_last(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "f/V10__ten.sql": "",
            "f/V2__two.sql": "",
            "f/V1_1__one_one.sql": "",
            "f/V1__one.sql": "",
            "f/V1.2__one_two.sql": "",
            "f/R__b_views.sql": "",
            "f/R__a_functions.sql": "",
            "f/U2__undo_two.sql": "",
        },
    )
    assert summary(discover([Path("f")], cwd=tmp_path)) == [
        (
            "f",
            "flyway",
            [
                "f/V1__one.sql",
                "f/V1_1__one_one.sql",
                "f/V1.2__one_two.sql",
                "f/V2__two.sql",
                "f/V10__ten.sql",
                "f/R__a_functions.sql",
                "f/R__b_views.sql",
            ],
        )
    ]


def test_golang_migrate_applies_up_files_in_numeric_order_and_ignores_down(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "g/10_c.up.sql": "",
            "g/10_c.down.sql": "",
            "g/2_b.up.sql": "",
            "g/2_b.down.sql": "",
            "g/1_a.up.sql": "",
        },
    )
    assert summary(discover([Path("g")], cwd=tmp_path)) == [
        ("g", "golang-migrate", ["g/1_a.up.sql", "g/2_b.up.sql", "g/10_c.up.sql"])
    ]


def test_dbmate_is_recognised_by_annotations_and_ordered_by_version(tmp_path: Path) -> None:
    body = "-- migrate:up\ncreate table t();\n-- migrate:down\ndrop table t;\n"
    write_tree(
        tmp_path,
        {"d/20240201000000_b.sql": body, "d/20240101000000_a.sql": body},
    )
    assert summary(discover([Path("d")], cwd=tmp_path)) == [
        ("d", "dbmate", ["d/20240101000000_a.sql", "d/20240201000000_b.sql"])
    ]


def test_goose_is_recognised_by_annotations_and_ordered_by_number(tmp_path: Path) -> None:
    body = "-- +goose Up\ncreate table t();\n-- +goose Down\ndrop table t;\n"
    write_tree(
        tmp_path,
        {"g/00010_c.sql": body, "g/00002_b.sql": body, "g/00001_a.sql": body},
    )
    assert summary(discover([Path("g")], cwd=tmp_path)) == [
        ("g", "goose", ["g/00001_a.sql", "g/00002_b.sql", "g/00010_c.sql"])
    ]


def test_drizzle_applies_only_journal_files_in_journal_order(tmp_path: Path) -> None:
    journal = (
        '{"version":"7","dialect":"postgresql","entries":['
        '{"idx":1,"tag":"0001_second","when":2},'
        '{"idx":0,"tag":"0000_first","when":1}]}'
    )
    write_tree(
        tmp_path,
        {
            "drizzle/meta/_journal.json": journal,
            "drizzle/meta/0000_snapshot.json": "{}",
            "drizzle/0001_second.sql": "",
            "drizzle/0000_first.sql": "",
            "drizzle/0002_unlisted.sql": "",
        },
    )
    discovery = discover([Path("drizzle")], cwd=tmp_path)
    assert summary(discovery) == [
        ("drizzle", "drizzle", ["drizzle/0000_first.sql", "drizzle/0001_second.sql"])
    ]
    stream = discovery.streams[0]
    assert (stream.dialect, stream.dialect_source) == (POSTGRES, "meta/_journal.json")
    assert stream.skipped == (
        (
            "drizzle/0002_unlisted.sql",
            "not listed in meta/_journal.json: drizzle-kit does not apply it",
        ),
    )
    assert discovery.targets == {"drizzle/0000_first.sql", "drizzle/0001_second.sql"}


def test_drizzle_journal_names_the_dialect(tmp_path: Path) -> None:
    for name, dialect in (("mysql", MYSQL), ("sqlite", SQLITE), ("postgresql", POSTGRES)):
        journal = f'{{"dialect":"{name}","entries":[{{"idx":0,"tag":"0000_a"}}]}}'
        write_tree(tmp_path / name, {"d/meta/_journal.json": journal, "d/0000_a.sql": ""})
        stream = discover([Path("d")], cwd=tmp_path / name).streams[0]
        assert (stream.dialect, stream.dialect_source) == (dialect, "meta/_journal.json")


def test_up_files_mixed_with_plain_versioned_files_are_one_versioned_folder(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "m/202501010000_c.up.sql": "",
            "m/201801010000_b.sql": "",
            "m/201701010000_a.up.sql": "",
            "m/notes.sql": "",
        },
    )
    discovery = discover([Path("m")], cwd=tmp_path)
    assert summary(discovery) == [
        (
            "m",
            "versioned",
            ["m/201701010000_a.up.sql", "m/201801010000_b.sql", "m/202501010000_c.up.sql"],
        )
    ]
    assert discovery.streams[0].skipped == (
        ("m/notes.sql", "not a <version>_<name> file: a versioned runner does not apply it"),
    )


def test_a_folder_with_down_files_stays_golang_migrate_and_skips_plain_files(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {"m/2_c.up.sql": "", "m/2_c.down.sql": "", "m/1_b.sql": "", "m/1_a.up.sql": ""},
    )
    discovery = discover([Path("m")], cwd=tmp_path)
    assert summary(discovery) == [("m", "golang-migrate", ["m/1_a.up.sql", "m/2_c.up.sql"])]
    assert discovery.streams[0].skipped == (
        ("m/1_b.sql", "not a <version>_<name>.up.sql file: golang-migrate does not apply it"),
    )
    # Named on its own, the skipped file is still linted, alone.
    alone = discover([Path("m/1_b.sql")], cwd=tmp_path)
    assert summary(alone) == [("m", "file", ["m/1_b.sql"])]


def test_a_supabase_project_lints_only_its_migrations(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "supabase/config.toml": '[db]\nmajor_version = 15\n[api]\nschemas = ["public", "api"]\n',
            "supabase/migrations/20240101000000_a.sql": "",
            "supabase/seed.sql": "TRUNCATE public.a;",
            "supabase/tests/rls.test.sql": "begin; rollback;",
            "supabase/functions/hello/index.ts": "",
        },
    )
    discovery = discover([Path()], cwd=tmp_path)
    assert summary(discovery) == [
        ("supabase/migrations", "supabase", ["supabase/migrations/20240101000000_a.sql"])
    ]
    assert discovery.skipped == (
        ("supabase/functions", "Edge Functions, not migrations"),
        ("supabase/seed.sql", "seed data (run after the migrations by `supabase db reset`)"),
        ("supabase/tests", "pgTAP tests (`supabase test db`), not migrations"),
    )
    project = discovery.streams[0].project
    assert (project.supabase, project.postgres_version, project.exposed_schemas) == (
        True,
        15,
        ("public", "api"),
    )
    assert project.source == "supabase/config.toml"
    seed = discover([Path("supabase/seed.sql")], cwd=tmp_path)
    assert summary(seed) == [("supabase", "file", ["supabase/seed.sql"])]
    assert seed.targets == {"supabase/seed.sql"}


@pytest.mark.parametrize(
    "journal",
    [
        "{not json",
        # Both were internal errors (RecursionError; int() refusing 4,300+ digits).
        '{"entries": ' + "[" * 1000 + "]" * 1000 + "}",
        '{"entries": [{"idx": ' + "1" * 5001 + ', "tag": "2_a"}]}',
        # Over the 16 MiB cap: not read at all.
        '{"entries": [{"idx": 0, "tag": "10_b"}], "pad": "' + " " * (16 * 1024 * 1024) + '"}',
    ],
    ids=["invalid", "nested-1000-deep", "5001-digit-number", "over-the-cap"],
)
def test_drizzle_with_a_broken_journal_falls_back_to_natural_order(
    tmp_path: Path, journal: str
) -> None:
    write_tree(
        tmp_path,
        {
            "d/meta/_journal.json": journal,
            "d/10_b.sql": "",
            "d/2_a.sql": "",
        },
    )
    assert summary(discover([Path("d")], cwd=tmp_path)) == [
        ("d", "drizzle", ["d/2_a.sql", "d/10_b.sql"])
    ]


def test_graphile_committed_files_come_before_current_sql(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "migrations/committed/000002-users.sql": "",
            "migrations/committed/000001.sql": "",
            "migrations/current.sql": "",
        },
    )
    assert summary(discover([Path("migrations")], cwd=tmp_path)) == [
        (
            "migrations",
            "graphile",
            [
                "migrations/committed/000001.sql",
                "migrations/committed/000002-users.sql",
                "migrations/current.sql",
            ],
        )
    ]


def test_graphile_current_folder_files_come_last_in_order(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "m/committed/000001.sql": "",
            "m/current/2-b.sql": "",
            "m/current/1-a.sql": "",
        },
    )
    assert summary(discover([Path("m")], cwd=tmp_path)) == [
        ("m", "graphile", ["m/committed/000001.sql", "m/current/1-a.sql", "m/current/2-b.sql"])
    ]


def test_plain_folder_uses_natural_order(tmp_path: Path) -> None:
    write_tree(tmp_path, {"sql/10_x.sql": "", "sql/2_x.sql": "", "sql/1_x.sql": ""})
    assert summary(discover([Path("sql")], cwd=tmp_path)) == [
        ("sql", "plain", ["sql/1_x.sql", "sql/2_x.sql", "sql/10_x.sql"])
    ]


def test_layouts_nested_in_a_repository_are_each_found_once(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "prisma/migrations/20240101000000_init/migration.sql": "",
            "supabase/migrations/20240101000000_a.sql": "",
            "supabase/seed.sql": "",
            "examples/flyway/V1__a.sql": "",
        },
    )
    discovery = discover([Path(), Path("prisma")], cwd=tmp_path)
    assert summary(discovery) == [
        ("examples/flyway", "flyway", ["examples/flyway/V1__a.sql"]),
        (
            "prisma/migrations",
            "prisma",
            ["prisma/migrations/20240101000000_init/migration.sql"],
        ),
        ("supabase/migrations", "supabase", ["supabase/migrations/20240101000000_a.sql"]),
    ]
    assert discovery.targets == frozenset(
        {
            "examples/flyway/V1__a.sql",
            "prisma/migrations/20240101000000_init/migration.sql",
            "supabase/migrations/20240101000000_a.sql",
        }
    )
    assert discovery.skipped == (
        ("supabase/seed.sql", "seed data (run after the migrations by `supabase db reset`)"),
    )
