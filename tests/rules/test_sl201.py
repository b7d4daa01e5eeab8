"""SL201 unindexed-foreign-key."""

from __future__ import annotations

from tests.rules.catalogs import (
    PATH,
    SOURCE,
    SUB_STATEMENT,
    TEXT,
    catalog,
    column,
    fk,
    index,
    table,
)  # fmt: skip
from tests.rules.helpers import apply_fix, check_catalog, span_of

from schemalint.catalog.model import Constraint, Table
from schemalint.rules.base import Settings
from schemalint.rules.sl201_unindexed_foreign_key import UnindexedForeignKey

CHALLENGE_FK = fk(("challenge_id",), "challenges", "REFERENCES challenges (id)")
WORKSPACE_FK = fk(("workspace_id",), "workspaces", "REFERENCES workspaces (id)")
MESSAGE = "Foreign key `challenge_id` on `submissions` (referencing `challenges`) has no index"


def _submissions(**changes: object) -> Table:
    changes.setdefault("constraints", (WORKSPACE_FK, CHALLENGE_FK))
    return table(
        "submissions", SUB_STATEMENT, column("workspace_id"), column("challenge_id"), **changes
    )


def test_unindexed_fk_is_reported_at_its_references_clause_with_an_index_fix() -> None:
    found = check_catalog(
        UnindexedForeignKey,
        catalog(_submissions(indexes=(index("ws", "workspace_id"),))),
        SOURCE,
    )
    assert [seen for seen, _, _ in found] == [("SL201", PATH, 9, 30, MESSAGE)]
    fix = found[0][2]
    assert fix is not None
    fixed = apply_fix(TEXT, fix)
    assert (
        "  challenge_id uuid NOT NULL REFERENCES challenges (id)\n);\n"
        "CREATE INDEX CONCURRENTLY submissions_challenge_id_idx "
        "ON public.submissions (challenge_id);\nALTER TABLE"
    ) in fixed


def test_leading_columns_in_any_order_of_a_composite_key_cover_the_fk() -> None:
    pair = Constraint(
        "foreign_key", "pair", ("workspace_id", "challenge_id"), span_of(SOURCE, "challenge_id")
    )
    unique = Constraint(
        "unique", "u", ("challenge_id", "workspace_id", "id"), span_of(SOURCE, "challenge_id")
    )
    covered = _submissions(constraints=(pair, unique))
    assert check_catalog(UnindexedForeignKey, catalog(covered), SOURCE) == []


def test_pk_or_index_whose_leading_columns_differ_does_not_cover_the_fk() -> None:
    primary = Constraint("primary_key", "pk", ("id", "challenge_id"), span_of(SOURCE, "id"))
    found = check_catalog(
        UnindexedForeignKey,
        catalog(
            _submissions(
                constraints=(primary, CHALLENGE_FK),
                indexes=(index("late", "workspace_id", "challenge_id"),),
            )
        ),
        SOURCE,
    )
    assert [seen for seen, _, _ in found] == [("SL201", PATH, 9, 30, MESSAGE)]


def test_partial_and_expression_indexes_do_not_cover_the_fk() -> None:
    indexes = (
        index("live", "challenge_id", partial=True),
        index("expr", None, "challenge_id"),
        index("ws", "workspace_id"),
    )
    found = check_catalog(UnindexedForeignKey, catalog(_submissions(indexes=indexes)), SOURCE)
    assert [seen for seen, _, _ in found] == [("SL201", PATH, 9, 30, MESSAGE)]


def test_incomplete_tables_are_skipped() -> None:
    assert check_catalog(UnindexedForeignKey, catalog(_submissions(incomplete=True)), SOURCE) == []


def test_sqlite_fix_creates_a_plain_index() -> None:
    found = check_catalog(
        UnindexedForeignKey,
        catalog(_submissions(indexes=(index("ws", "workspace_id"),))),
        SOURCE,
        settings=Settings(dialect="sqlite"),
    )
    fix = found[0][2]
    assert fix is not None
    assert fix.edits[0].replacement == (
        ";\nCREATE INDEX submissions_challenge_id_idx ON submissions (challenge_id)"
    )


def test_prisma_tables_get_advice_but_no_sql_fix() -> None:
    prisma = _submissions(indexes=(index("ws", "workspace_id"),), origin="prisma")
    found = check_catalog(UnindexedForeignKey, catalog(prisma), SOURCE)
    assert [(seen, fix) for seen, _, fix in found] == [(("SL201", PATH, 9, 30, MESSAGE), None)]
    assert "add an `@@index([...])` on the relation's `fields:` to the model" in found[0][1]
