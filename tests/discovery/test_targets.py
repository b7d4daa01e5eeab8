"""Targets vs context: single files load their whole stream; exclusions; errors; walking."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from schemalint.inputs.discovery import DiscoveryError, discover
from tests.discovery.helpers import summary
from tests.trees import write_tree

SUPABASE = {
    "supabase/migrations/20240101000000_a.sql": "create table a();",
    "supabase/migrations/20240102000000_b.sql": "create table b();",
    "supabase/migrations/20240103000000_c.sql": "create table c();",
}


def test_single_file_in_a_stream_folder_loads_the_stream_with_one_target(
    tmp_path: Path,
) -> None:
    write_tree(tmp_path, SUPABASE)
    discovery = discover([Path("supabase/migrations/20240102000000_b.sql")], cwd=tmp_path)
    assert summary(discovery) == [
        (
            "supabase/migrations",
            "supabase",
            [
                "supabase/migrations/20240101000000_a.sql",
                "supabase/migrations/20240102000000_b.sql",
                "supabase/migrations/20240103000000_c.sql",
            ],
        )
    ]
    assert discovery.targets == frozenset({"supabase/migrations/20240102000000_b.sql"})


def test_two_files_of_one_stream_give_one_stream_with_two_targets(tmp_path: Path) -> None:
    write_tree(tmp_path, SUPABASE)
    discovery = discover(
        [
            Path("supabase/migrations/20240103000000_c.sql"),
            Path("supabase/migrations/20240101000000_a.sql"),
        ],
        cwd=tmp_path,
    )
    assert len(discovery.streams) == 1
    assert discovery.targets == frozenset(
        {"supabase/migrations/20240101000000_a.sql", "supabase/migrations/20240103000000_c.sql"}
    )


def test_single_prisma_migration_file_loads_every_migration_folder(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "prisma/migrations/20240101000000_a/migration.sql": "",
            "prisma/migrations/20240102000000_b/migration.sql": "",
        },
    )
    target = "prisma/migrations/20240102000000_b/migration.sql"
    discovery = discover([Path(target)], cwd=tmp_path)
    assert summary(discovery) == [
        (
            "prisma/migrations",
            "prisma",
            ["prisma/migrations/20240101000000_a/migration.sql", target],
        )
    ]
    assert discovery.targets == frozenset({target})


def test_one_prisma_migration_folder_given_loads_the_stream_with_its_file_as_target(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "m/20240101000000_a/migration.sql": "",
            "m/20240102000000_b/migration.sql": "",
        },
    )
    discovery = discover([Path("m/20240101000000_a")], cwd=tmp_path)
    assert summary(discovery)[0][2] == [
        "m/20240101000000_a/migration.sql",
        "m/20240102000000_b/migration.sql",
    ]
    assert discovery.targets == frozenset({"m/20240101000000_a/migration.sql"})


def test_graphile_committed_file_loads_the_stream_up_to_current(tmp_path: Path) -> None:
    write_tree(tmp_path, {"g/committed/000001.sql": "", "g/current.sql": ""})
    discovery = discover([Path("g/committed/000001.sql")], cwd=tmp_path)
    assert summary(discovery) == [("g", "graphile", ["g/committed/000001.sql", "g/current.sql"])]
    assert discovery.targets == frozenset({"g/committed/000001.sql"})


def test_lone_sql_file_is_a_stream_of_its_own(tmp_path: Path) -> None:
    write_tree(tmp_path, {"schema.sql": "create table t();", "README.md": "x"})
    discovery = discover([Path("schema.sql")], cwd=tmp_path)
    assert summary(discovery) == [(".", "file", ["schema.sql"])]
    assert discovery.targets == frozenset({"schema.sql"})


def test_down_file_given_alone_is_neither_loaded_nor_a_target(tmp_path: Path) -> None:
    write_tree(tmp_path, {"g/1_a.up.sql": "", "g/1_a.down.sql": ""})
    discovery = discover([Path("g/1_a.down.sql")], cwd=tmp_path)
    assert discovery.streams == ()
    assert discovery.targets == frozenset()


def test_excluded_single_file_is_not_a_target(tmp_path: Path) -> None:
    write_tree(tmp_path, SUPABASE)
    excluded = tmp_path / "supabase/migrations/20240101000000_a.sql"
    discovery = discover(
        [Path("supabase/migrations/20240101000000_a.sql")],
        cwd=tmp_path,
        is_excluded=lambda p: p == excluded,
    )
    assert discovery.streams == ()
    assert discovery.targets == frozenset()


def test_excluded_file_inside_a_stream_stays_as_context_only(tmp_path: Path) -> None:
    write_tree(tmp_path, SUPABASE)
    excluded = tmp_path / "supabase/migrations/20240101000000_a.sql"
    discovery = discover([Path()], cwd=tmp_path, is_excluded=lambda p: p == excluded)
    assert len(summary(discovery)[0][2]) == 3
    assert discovery.targets == frozenset(
        {"supabase/migrations/20240102000000_b.sql", "supabase/migrations/20240103000000_c.sql"}
    )


def test_streams_under_excluded_folders_are_skipped(tmp_path: Path) -> None:
    write_tree(tmp_path, {**SUPABASE, "legacy/1_a.sql": "", "legacy/2_b.sql": ""})
    discovery = discover([Path()], cwd=tmp_path, is_excluded=lambda p: p == tmp_path / "supabase")
    assert summary(discovery) == [("legacy", "plain", ["legacy/1_a.sql", "legacy/2_b.sql"])]


def test_nonexistent_path_is_a_discovery_error(tmp_path: Path) -> None:
    with pytest.raises(DiscoveryError) as error:
        discover([Path("missing/x.sql")], cwd=tmp_path)
    assert str(error.value) == "missing/x.sql: no such file or directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_a_discovery_error(tmp_path: Path) -> None:
    write_tree(tmp_path, {"m/a.sql": ""})
    (tmp_path / "m/a.sql").chmod(0)
    try:
        with pytest.raises(DiscoveryError) as error:
            discover([Path("m")], cwd=tmp_path)
    finally:
        (tmp_path / "m/a.sql").chmod(0o644)
    assert str(error.value) == "m/a.sql: cannot read: permission denied"


def test_paths_outside_the_working_directory_are_shown_absolute(tmp_path: Path) -> None:
    write_tree(tmp_path, {"outside/a.sql": "", "work/x": ""})
    discovery = discover([tmp_path / "outside/a.sql"], cwd=tmp_path / "work")
    assert discovery.targets == frozenset({(tmp_path / "outside/a.sql").as_posix()})


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    write_tree(tmp_path, {"m/1_a.sql": "", "m/2_b.sql": ""})
    (tmp_path / "m/loop").symlink_to(tmp_path / "m", target_is_directory=True)
    (tmp_path / "m/self").symlink_to("self")
    assert summary(discover([Path()], cwd=tmp_path)) == [("m", "plain", ["m/1_a.sql", "m/2_b.sql"])]


def test_hidden_and_dependency_folders_are_skipped(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".git/x.sql": "",
            ".venv/lib/y.sql": "",
            ".hidden/z.sql": "",
            "node_modules/pkg/migrations/1_a.sql": "",
            "db/.scratch.sql": "",
            "db/1_a.sql": "",
        },
    )
    assert summary(discover([Path()], cwd=tmp_path)) == [("db", "file", ["db/1_a.sql"])]


def test_bom_is_stripped_and_invalid_utf8_is_replaced_and_recorded(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"m/1_a.sql": b"\xef\xbb\xbfselect 1;", "m/2_b.sql": b"select '\xff';\x00"},
    )
    discovery = discover([Path("m")], cwd=tmp_path)
    assert [source.text for source in discovery.streams[0].files] == [
        "select 1;",
        "select '\ufffd';\x00",
    ]
    assert discovery.undecodable == frozenset({"m/2_b.sql"})


def test_five_hundred_file_folder_is_discovered_quickly(tmp_path: Path) -> None:
    import time

    write_tree(tmp_path, {f"m/{n:05d}_m.sql": "create table t (a int);\n" for n in range(500)})
    start = time.perf_counter()
    discovery = discover([Path("m")], cwd=tmp_path)
    elapsed = time.perf_counter() - start
    assert len(discovery.streams[0].files) == 500
    assert elapsed < 0.5


def test_broken_symlink_named_sql_is_a_discovery_error(tmp_path: Path) -> None:
    write_tree(tmp_path, {"m/1_a.sql": ""})
    (tmp_path / "m/2_b.sql").symlink_to(tmp_path / "m/missing.sql")
    with pytest.raises(DiscoveryError) as error:
        discover([Path("m")], cwd=tmp_path)
    assert str(error.value) == "m/2_b.sql: cannot read: no such file or directory"


def test_explicit_file_with_another_suffix_is_linted_as_sql_on_its_own(tmp_path: Path) -> None:
    write_tree(tmp_path, {"db/schema.ddl": "create table t();", "db/1_a.sql": ""})
    discovery = discover([Path("db/schema.ddl")], cwd=tmp_path)
    assert summary(discovery) == [("db", "file", ["db/schema.ddl"])]
    assert discovery.targets == frozenset({"db/schema.ddl"})


def test_fifo_named_sql_is_a_discovery_error_not_a_hang(tmp_path: Path) -> None:
    write_tree(tmp_path, {"m/1_a.sql": ""})
    os.mkfifo(tmp_path / "m/2_b.sql")
    with pytest.raises(DiscoveryError) as error:
        discover([Path("m")], cwd=tmp_path)
    assert str(error.value) == "m/2_b.sql: cannot read: not a regular file"


def test_fifo_given_as_a_path_is_a_discovery_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.sql")
    with pytest.raises(DiscoveryError) as error:
        discover([Path("pipe.sql")], cwd=tmp_path)
    assert str(error.value) == "pipe.sql: not a file or directory"


def test_upper_case_sql_file_is_no_migration_whether_walked_or_named(tmp_path: Path) -> None:
    # Migration tools apply lower-case *.sql only; pre-commit passes X.SQL (identify ignores
    # the case of extensions), and the named file is skipped as the folder walk skips it.
    write_tree(tmp_path, {**SUPABASE, "supabase/migrations/20240104000000_d.SQL": "drop table a;"})
    walked = discover([Path()], cwd=tmp_path)
    named = discover([Path("supabase/migrations/20240104000000_d.SQL")], cwd=tmp_path)

    assert [f.path for s in walked.streams for f in s.files] == list(SUPABASE)
    assert (named.streams, named.targets) == ((), frozenset())


def test_stdin_text_stands_for_a_new_file_in_its_stream(tmp_path: Path) -> None:
    write_tree(tmp_path, SUPABASE)
    new = "supabase/migrations/20240104000000_d.sql"

    discovery = discover([Path(new)], cwd=tmp_path, stdin=(Path(new), "drop table a;"))

    assert summary(discovery) == [("supabase/migrations", "supabase", [*SUPABASE, new])]
    assert discovery.targets == frozenset({new})
    assert discovery.streams[0].files[-1].text == "drop table a;"
    assert not (tmp_path / new).exists()


def test_stdin_text_replaces_a_file_on_disk(tmp_path: Path) -> None:
    write_tree(tmp_path, SUPABASE)
    path = "supabase/migrations/20240102000000_b.sql"

    discovery = discover([Path(path)], cwd=tmp_path, stdin=(Path(path), "create table bb();"))

    assert [f.text for f in discovery.streams[0].files] == [
        "create table a();",
        "create table bb();",
        "create table c();",
    ]


def test_stdin_file_in_a_folder_not_created_yet_is_a_stream_of_its_own(tmp_path: Path) -> None:
    discovery = discover([Path("new/001_a.sql")], cwd=tmp_path, stdin=(Path("new/001_a.sql"), ""))

    assert summary(discovery) == [("new", "file", ["new/001_a.sql"])]
    assert discovery.targets == frozenset({"new/001_a.sql"})
