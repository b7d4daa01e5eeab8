"""``ALTER TYPE ... RENAME TO``: parsed into ``RenameType``, columns of the type follow it."""

from __future__ import annotations

from schemalint import ir
from schemalint.catalog import replay
from schemalint.catalog.model import Catalog
from schemalint.frontends.postgres import frontend as postgres
from schemalint.source import SourceFile, Span


def _replay(sql: str) -> Catalog:
    catalog = Catalog()
    for statement in postgres.parse(SourceFile("m.sql", sql)):
        replay.apply(catalog, statement)
    return catalog


def test_alter_type_rename_to_is_a_rename_type_statement() -> None:
    sql = 'ALTER TYPE "S_new" RENAME TO "S";\nALTER TYPE app.mood RENAME TO feeling;'
    assert tuple(postgres.parse(SourceFile("m.sql", sql))) == (
        ir.RenameType(Span("m.sql", 0, 32), None, "S_new", "S"),
        ir.RenameType(Span("m.sql", 34, 71), "app", "mood", "feeling"),
    )


def test_prisma_enum_swap_leaves_columns_with_the_original_type_name() -> None:
    catalog = _replay(
        "CREATE TYPE \"S\" AS ENUM ('A');\n"
        'CREATE TABLE "T" ("s" "S" NOT NULL, "many" "S"[], "q" public."S");\n'
        "CREATE TYPE \"S_new\" AS ENUM ('A', 'B');\n"
        'ALTER TABLE "T" ALTER COLUMN "s" TYPE "S_new" USING ("s"::text::"S_new");\n'
        'ALTER TYPE "S" RENAME TO "S_old";\n'
        'ALTER TYPE "S_new" RENAME TO "S";\n'
    )
    assert [(c.name, c.type_name) for c in catalog.tables[("public", "T")].columns] == [
        ("s", "S"),
        ("many", "S_old[]"),
        ("q", "public.S_old"),
    ]


def test_a_rename_in_another_schema_leaves_same_named_types_alone() -> None:
    catalog = _replay(
        "CREATE TABLE t (a mood, b app.mood, c other.mood);\nALTER TYPE app.mood RENAME TO feeling;"
    )
    assert [c.type_name for c in catalog.tables[("public", "t")].columns] == [
        "mood",
        "app.feeling",
        "other.mood",
    ]
