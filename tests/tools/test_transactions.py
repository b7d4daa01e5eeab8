"""Each runner's transaction model, as a property of the model (tests/runners checks the real
Supabase CLI and dbmate against PostgreSQL)."""

from __future__ import annotations

import pytest

from schemalint.tools import runners
from schemalint.tools.transactions import (
    EachAlone,
    FileRun,
    Scope,
    Segment,
    parse_version,
    starts_with,
)

CIC = "CREATE INDEX CONCURRENTLY i ON t (a)"
TABLE = "CREATE TABLE t (a int)"
DROP_CIC = "DROP INDEX CONCURRENTLY i"


def test_supabase_cli_newest_pulls_out_concurrent_index_statements() -> None:
    run = runners.supabase_cli(None).run("", [TABLE, f"-- build it\n{CIC}", "SELECT 1", DROP_CIC])
    assert run == FileRun(
        (
            Segment(0, 1, True),
            Segment(1, 2, False, pulled_out=True),
            Segment(2, 3, True),
            Segment(3, 4, False, pulled_out=True),
        ),
        atomic=False,
    )
    assert run.in_transaction(0) and not run.in_transaction(1)


def test_supabase_cli_before_2_109_runs_the_whole_file_in_one_transaction() -> None:
    run = runners.supabase_cli((2, 108, 0)).run("", [CIC])
    assert run == FileRun((Segment(0, 1, True),), atomic=True)


def test_supabase_cli_2_115_pulls_out_create_but_not_drop_concurrently() -> None:
    run = runners.supabase_cli((2, 115, 0)).run("", [CIC, DROP_CIC])
    assert run.segments == (Segment(0, 1, False, pulled_out=True), Segment(1, 2, True))


def test_dbmate_transaction_false_is_still_one_implicit_transaction_with_two_statements() -> None:
    model = runners.dbmate(None)
    text = "-- migrate:up transaction:false\n"
    assert model.run(text, [TABLE, CIC]) == FileRun(
        (Segment(0, 2, True),), opted_out=True, atomic=True
    )
    assert model.run(text, [CIC]) == FileRun((Segment(0, 1, False),), opted_out=True, atomic=True)
    assert model.run("-- migrate:up\n", [CIC]) == FileRun((Segment(0, 1, True),), atomic=True)


def test_golang_migrate_runs_a_lone_statement_outside_a_transaction() -> None:
    model = runners.golang_migrate(None)
    assert model.run("", [CIC]).segments == (Segment(0, 1, False),)
    assert model.run("", [TABLE, CIC]).segments == (Segment(0, 2, True),)


def test_goose_no_transaction_runs_each_statement_alone() -> None:
    model = runners.goose(None)
    run = model.run("-- +goose Up\n-- +goose NO TRANSACTION\n", [TABLE, CIC])
    assert run == FileRun(
        (Segment(0, 1, False), Segment(1, 2, False)), opted_out=True, one_session=False
    )
    assert model.run("-- +goose Up\n", [TABLE, CIC]).segments == (Segment(0, 2, True),)


def test_graphile_no_transaction_is_implicit_with_several_statements() -> None:
    model = runners.graphile_migrate(None)
    assert model.run("--! no-transaction\n", [CIC]).segments == (Segment(0, 1, False),)
    assert model.run("--! no-transaction\n", [TABLE, CIC]).segments == (Segment(0, 2, True),)
    assert model.run("", [CIC]).segments == (Segment(0, 1, True),)


def test_flyway_runs_a_script_with_concurrently_without_a_transaction() -> None:
    model = runners.flyway(None)
    assert model.run("", [TABLE, CIC]).segments == (Segment(0, 1, False), Segment(1, 2, False))
    assert model.run("", [TABLE, "SELECT 1"]) == FileRun((Segment(0, 2, True),), atomic=True)
    assert model.opt_out == "executeInTransaction=false (in the script's .conf file)"


def test_drizzle_shares_one_transaction_with_every_pending_migration() -> None:
    run = runners.drizzle_kit(None).run("", [TABLE, CIC])
    assert run == FileRun((Segment(0, 2, True),), atomic=True, shared=True)
    assert runners.drizzle_kit(None).scope is Scope.BATCH


def test_psql_and_prisma_models() -> None:
    assert runners.psql(None).run("", [TABLE, CIC]).segments == (
        Segment(0, 1, False),
        Segment(1, 2, False),
    )
    assert runners.prisma_migrate(None).run("", [CIC]).segments == (Segment(0, 1, False),)


def test_describe_and_versions() -> None:
    assert runners.supabase_cli((2, 117, 0)).describe() == (
        "The Supabase CLI (2.117.0): each file in its own transaction; "
        "non-transactional statements run alone"
    )
    assert runners.dbmate(None).describe() == "dbmate (newest): each file in its own transaction"
    assert parse_version("v2.109.1") == (2, 109, 1)
    assert parse_version("latest") is None


SET = "SET lock_timeout = '3s'"
SET_LOCAL = "SET LOCAL lock_timeout = '3s'"


def test_supabase_cli_settings_hold_across_pulled_out_statements_but_not_into_the_next_file() -> (
    None
):
    model = runners.supabase_cli(None)
    assert not model.settings_carry_between_files
    run = model.run("", [SET, CIC, TABLE])
    assert run.one_session
    assert (run.setting_holds(0, 1), run.setting_holds(0, 2)) == (True, True)
    local = model.run("", [SET_LOCAL, TABLE, CIC, TABLE])
    assert [local.setting_holds(0, i, local=True) for i in (1, 2, 3)] == [True, False, False]


def test_settings_between_files_carry_only_on_one_unreset_session() -> None:
    carry = {name: getattr(runners, name)(None).settings_carry_between_files for name in (
        "supabase_cli", "prisma_migrate", "flyway", "golang_migrate", "dbmate", "goose",
        "graphile_migrate", "drizzle_kit", "psql",
    )}  # fmt: skip
    assert [name for name, value in carry.items() if value] == ["golang_migrate", "drizzle_kit"]


def test_goose_no_transaction_statements_may_run_on_other_pooled_sessions() -> None:
    model = runners.goose(None)
    run = model.run("-- +goose Up\n-- +goose NO TRANSACTION\n", [SET, CIC])
    assert not run.one_session
    assert not run.setting_holds(0, 1)
    wrapped = model.run("-- +goose Up\n", [SET_LOCAL, TABLE])
    assert wrapped.setting_holds(0, 1, local=True)


def test_set_local_outside_a_transaction_block_holds_nowhere() -> None:
    run = runners.psql(None).run("", [SET_LOCAL, TABLE])
    assert not run.setting_holds(0, 1, local=True)
    assert runners.psql(None).run("", [SET, TABLE]).setting_holds(0, 1)
    assert not run.setting_holds(1, 0)


def test_statements_that_each_run_alone_are_segments_made_on_demand() -> None:
    run = runners.flyway(None).run("", [TABLE, CIC, "SELECT 1"])
    alone = (Segment(0, 1, False), Segment(1, 2, False), Segment(2, 3, False))
    assert isinstance(run.segments, EachAlone)
    assert (run.segments, tuple(run.segments), hash(run.segments)) == (alone, alone, hash(alone))
    assert (run.segments[-1], run.segments[1:], len(run.segments)) == (alone[2], alone[1:], 3)
    assert [run.segment(i) for i in range(3)] == list(alone)
    with pytest.raises(IndexError):
        run.segment(3)


def test_a_statement_is_found_in_its_segment_among_many() -> None:
    run = FileRun((Segment(0, 2, True), Segment(2, 3, False), Segment(3, 7, True)))
    assert [run.segment(i).start for i in range(7)] == [0, 0, 2, 3, 3, 3, 3]
    for outside in (-1, 7):
        with pytest.raises(IndexError):
            run.segment(outside)


@pytest.mark.parametrize(
    ("text", "start", "end", "pulled"),
    [
        ("CREATE INDEX CONCURRENTLY i ON t (a)", 0, None, True),
        ("  -- why\n/* a\nb */ create unique index concurrently i ON t (a)", 0, None, True),
        ("/* CREATE INDEX CONCURRENTLY */ CREATE INDEX i ON t (a)", 0, None, False),
        ("-- VACUUM\nSELECT 1", 0, None, False),
        ("SELECT 1; VACUUM t", 10, None, True),
        ("SELECT 1; VACUUM t", 10, 13, False),  # the statement ends before the word does
        ("REINDEX TABLE t; CONCURRENTLY", 0, None, False),
        ("/* unclosed VACUUM", 0, None, False),
        ("", 0, None, False),
    ],
)
def test_pulled_out_statements_are_matched_after_leading_comments(
    text: str, start: int, end: int | None, pulled: bool
) -> None:
    matcher = runners.supabase_cli(None).pulled_out
    assert matcher is not None
    assert matcher.matches(text, start, end) is pulled
    assert starts_with(matcher.pattern, text, start, end) is pulled
