"""Each migration layout is recognised by its structure and ordered as its tool applies it."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemalint.discovery import discover
from trees import write_tree

from .helpers import summary


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
    assert discovery.streams[0].dialect == "mysql"


def test_prisma_lock_provider_cockroachdb_means_postgres(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "m/20240101000000_init/migration.sql": "",
            "m/migration_lock.toml": '# comment\nprovider = "cockroachdb"\n',
        },
    )
    assert discover([Path("m")], cwd=tmp_path).streams[0].dialect == "postgres"


def test_prisma_without_lock_has_no_dialect(tmp_path: Path) -> None:
    write_tree(tmp_path, {"m/20240101000000_init/migration.sql": ""})
    assert discover([Path("m")], cwd=tmp_path).streams[0].dialect is None


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


def test_drizzle_journal_orders_files_and_unlisted_files_follow(tmp_path: Path) -> None:
    journal = (
        '{"version":"7","entries":['
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
    assert summary(discover([Path("drizzle")], cwd=tmp_path)) == [
        (
            "drizzle",
            "drizzle",
            [
                "drizzle/0000_first.sql",
                "drizzle/0001_second.sql",
                "drizzle/0002_unlisted.sql",
            ],
        )
    ]


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
        ("supabase", "file", ["supabase/seed.sql"]),
        ("supabase/migrations", "supabase", ["supabase/migrations/20240101000000_a.sql"]),
    ]
    assert discovery.targets == frozenset(
        {
            "examples/flyway/V1__a.sql",
            "prisma/migrations/20240101000000_init/migration.sql",
            "supabase/seed.sql",
            "supabase/migrations/20240101000000_a.sql",
        }
    )
