"""Damage confined to the end of a file never hides the findings of the statements before it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given

from tests.robustness.checks import Seen, fuzz_settings, lint_here, project, seen
from tests.robustness.mutations import (
    PRISMA_BREAKERS,
    SQL_BREAKERS,
    Region,
    local_mutation,
    mutated,
)

CORPUS = Path(__file__).parent / "corpus"
INIT = (CORPUS / "prisma_init.sql").read_bytes()
TARGET = (CORPUS / "prisma_target.sql").read_bytes()
SUPABASE = (CORPUS / "supabase_functions.sql").read_bytes()
MYSQL = (CORPUS / "mysql_migration.sql").read_bytes()
SCHEMA = (CORPUS / "schema.prisma").read_bytes()

INIT_PATH = "prisma/migrations/20240101000000_init/migration.sql"
TARGET_PATH = "prisma/migrations/20240201000000_change/migration.sql"
SUPABASE_PATH = "supabase/migrations/20240101000000_memberships.sql"


def _after(seed: bytes, marker: bytes) -> Region:
    return Region(seed.index(marker))


def _findings_in(files: dict[str, bytes], path: str, dialect: str | None = None) -> list[Seen]:
    with project(files):
        result = lint_here(dialect)
    assert not isinstance(result, str), result
    return [s for s in seen(result) if s.path == path]


def test_the_undamaged_seeds_give_the_findings_the_properties_rely_on() -> None:
    assert _findings_in({INIT_PATH: INIT, TARGET_PATH: TARGET}, TARGET_PATH) == [
        Seen("SL507", TARGET_PATH, 1, 13),
        Seen("SL301", TARGET_PATH, 1, 35),
        Seen("SL401", TARGET_PATH, 2, 1),
        Seen("SL502", TARGET_PATH, 4, 1),
        Seen("SL606", TARGET_PATH, 6, 17),  # its function has no SET search_path
    ]
    assert Seen("SL401", SUPABASE_PATH, 38, 3) in _findings_in(
        {SUPABASE_PATH: SUPABASE}, SUPABASE_PATH
    )
    assert Seen("SL401", "m/001.sql", 18, 1) in _findings_in(
        {"m/001.sql": MYSQL}, "m/001.sql", "mysql"
    )
    assert _findings_in({"schema.prisma": SCHEMA}, "schema.prisma") == [
        Seen("SL403", "schema.prisma", 35, 3),
        Seen("SL101", "schema.prisma", 39, 7),
    ]


@fuzz_settings(weight=0.7)
@given(damaged=mutated(TARGET, local_mutation(_after(TARGET, b"-- Everything"), SQL_BREAKERS)))
def test_damage_after_statement_two_keeps_the_findings_of_statements_one_and_two(
    damaged: bytes,
) -> None:
    found = _findings_in({INIT_PATH: INIT, TARGET_PATH: damaged}, TARGET_PATH)
    assert [s for s in found if s.line <= 2] == [
        Seen("SL507", TARGET_PATH, 1, 13),
        Seen("SL301", TARGET_PATH, 1, 35),
        Seen("SL401", TARGET_PATH, 2, 1),
    ]


@fuzz_settings(weight=0.5)
@given(
    damaged=mutated(
        SUPABASE, local_mutation(_after(SUPABASE, b"create function public.touch"), SQL_BREAKERS)
    )
)
def test_damage_after_a_do_block_keeps_the_delete_found_in_its_body(damaged: bytes) -> None:
    found = _findings_in({SUPABASE_PATH: damaged}, SUPABASE_PATH)
    assert Seen("SL401", SUPABASE_PATH, 38, 3) in found


@fuzz_settings(weight=0.3)
@given(damaged=mutated(MYSQL + b"\nSELECT 1;\n", local_mutation(Region(len(MYSQL)), SQL_BREAKERS)))
def test_damage_after_a_mysql_delete_keeps_its_finding(damaged: bytes) -> None:
    found = _findings_in({"m/001.sql": damaged}, "m/001.sql", "mysql")
    assert Seen("SL401", "m/001.sql", 18, 1) in found


PRISMA_TAIL = b'\nmodel Tail {\n  id Int @id\n  organizationId String @map("organization_id")\n}\n'


@fuzz_settings(weight=0.5)
@given(
    damaged=mutated(
        SCHEMA + PRISMA_TAIL,
        local_mutation(Region(len(SCHEMA)), PRISMA_BREAKERS, deep=False),
    )
)
def test_damage_to_the_last_prisma_model_keeps_the_finding_on_an_earlier_model(
    damaged: bytes,
) -> None:
    found = _findings_in({"schema.prisma": damaged}, "schema.prisma")
    assert Seen("SL101", "schema.prisma", 39, 7) in found


def test_a_quote_as_the_last_character_of_a_mysql_file_keeps_the_findings_before_it() -> None:
    # Found by the long profile: sqlglot names no position when the input ends at the quote.
    found = _findings_in({"m/001.sql": MYSQL + b"'"}, "m/001.sql", "mysql")
    assert [s for s in found if s.code in ("SL001", "SL401")] == [
        Seen("SL401", "m/001.sql", 18, 1),
        Seen("SL001", "m/001.sql", 19, 1),
    ]


def test_a_plpgsql_body_nested_500_blocks_deep_is_one_located_finding() -> None:
    # PostgreSQL runs these (checked: 600 levels); the parse tree's JSON is too deep for
    # Python's parser, which aborted the whole run with an internal error.
    nested = "BEGIN " * 500 + "NULL; " + "END; " * 500
    sql = (
        "CREATE TABLE a (id int);\n"
        f"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ {nested}$$;\n"
        f"DO $$\n{nested}\n$$;\n"
        "DELETE FROM a;\n"
    )
    with project({"m/001.sql": sql.encode()}):
        result = lint_here()
    assert not isinstance(result, str), result
    shown = [
        (s.code, s.line, s.column, f.message)
        for s, f in zip(seen(result), result.findings, strict=True)
        if s.code in ("SL001", "SL401")
    ]
    assert shown == [
        ("SL001", 2, 57, "in the PL/pgSQL body: nested too deeply to analyse"),
        ("SL001", 4, 1, "in the PL/pgSQL body: nested too deeply to analyse"),
        ("SL401", 6, 1, "`DELETE` hard-deletes rows of `a`"),
    ]
