"""SL003 unknown-object: statements on tables the history does not make, through the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemalint.inputs.discovery import discover
from tests.rules.helpers import lint

ROOT = Path(__file__).resolve().parents[2]


def _found(tmp_path: Path, *files: tuple[str, str], **kwargs: object) -> list[object]:
    found, _ = lint(tmp_path, list(files), ["SL003"], **kwargs)  # type: ignore[arg-type]
    return list(found)


def test_statements_on_a_table_made_by_a_later_migration_are_reported_at_the_name(
    tmp_path: Path,
) -> None:
    early = (
        "m/20240101_policies.sql",
        "alter table projects enable row level security, add column x int;\n"
        "create policy p on public.projects using (true);\n"
        "create index projects_x on projects (x);\n"
        "drop table projects, old_projects;\n",
    )
    late = ("m/20240102_projects.sql", "create table projects (id int);\n")
    assert _found(tmp_path, early, late) == [
        # One ALTER TABLE with two sub-commands: one finding.
        (
            "SL003", "m/20240101_policies.sql", 1, 13,
            "`ALTER TABLE` on table `projects`, which no earlier migration creates",
        ),
        (
            "SL003", "m/20240101_policies.sql", 2, 20,
            "`CREATE POLICY` on table `public.projects`, which no earlier migration creates",
        ),
        (
            "SL003", "m/20240101_policies.sql", 3, 28,
            "`CREATE INDEX` on table `projects`, which no earlier migration creates",
        ),
        (
            "SL003", "m/20240101_policies.sql", 4, 12,
            "`DROP TABLE` on table `projects`, which no earlier migration creates",
        ),
        (
            "SL003", "m/20240101_policies.sql", 4, 22,
            "`DROP TABLE` on table `old_projects`, which no earlier migration creates",
        ),
    ]  # fmt: skip


def test_if_exists_platform_schemas_and_other_relations_are_silent(tmp_path: Path) -> None:
    sql = (
        "alter table if exists gone add column x int;\n"
        "drop table if exists gone;\n"
        "drop policy if exists p on gone;\n"
        "create policy avatars on storage.objects using (bucket_id = 'avatars');\n"
        "alter table auth.users add column nickname text;\n"
        "create view v as select 1 as a;\n"
        "alter table v rename to w;\n"
        "create materialized view mv as select 1 as a;\n"
        "create index mv_a on mv (a);\n"
        "create sequence s;\n"
        "alter table s owner to postgres;\n"
        "create temp table scratch (a int);\n"
        "alter table scratch add column b int;\n"
        "create extension postgis;\n"
        "alter table spatial_ref_sys enable row level security;\n"
        "do $$ begin if to_regclass('maybe') is not null then\n"
        "  alter table maybe add column c int; end if; end $$;\n"
    )
    assert _found(tmp_path, ("m/1.sql", sql)) == []


def test_a_known_extension_that_makes_no_table_keeps_the_rule_on(tmp_path: Path) -> None:
    sql = "create extension if not exists pgcrypto;\nalter table gone add column x int;\n"
    assert _found(tmp_path, ("m/1.sql", sql)) == [
        (
            "SL003",
            "m/1.sql",
            2,
            13,
            "`ALTER TABLE` on table `gone`, which no earlier migration creates",
        )
    ]


@pytest.mark.parametrize(
    "maker",
    [
        "do $$ begin execute 'create table gone (id int)'; end $$;",
        "select make_tables();",
        "call make_tables();",
        "create tabel gone (id int);",
    ],
)
def test_after_sql_that_may_make_unseen_tables_every_table_is_possible(
    tmp_path: Path, maker: str
) -> None:
    sql = f"{maker}\nalter table gone add column x int;\n"
    assert [f for f in _found(tmp_path, ("m/1.sql", sql)) if f[0] == "SL003"] == []


def test_allow_lists_tables_made_outside_the_migrations(tmp_path: Path) -> None:
    sql = "alter table public.legacy add column x int;\nalter table other add column y int;\n"
    found = _found(tmp_path, ("m/1.sql", sql), options={"SL003": {"allow": ["legacy"]}})
    assert found == [
        (
            "SL003",
            "m/1.sql",
            2,
            13,
            "`ALTER TABLE` on table `other`, which no earlier migration creates",
        )
    ]


def _histories() -> list[Path]:
    folders = [*sorted((ROOT / "tests" / "scenarios").iterdir())]
    folders.extend(sorted((ROOT / "tests" / "groundtruth" / "histories").iterdir()))
    folders.append(ROOT / "examples")
    return [f for f in folders if f.is_dir()]


@pytest.mark.parametrize("folder", _histories(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_replay_integrity_rules_are_silent_on_histories_that_apply_cleanly(
    tmp_path: Path, folder: Path
) -> None:
    """Every scenario, ground-truth history and the example project applies on PostgreSQL
    (the ground-truth tests run them): SL003 and SL004 would be noise there."""
    found = discover([folder], cwd=folder)
    for stream in found.streams:
        if stream.dialect not in (None, "postgres"):
            continue
        files = [(f.path, f.masked) for f in stream.files]
        seen, _ = lint(tmp_path, files, ["SL003", "SL004"], layout=stream.layout)
        assert seen == [], stream.root
