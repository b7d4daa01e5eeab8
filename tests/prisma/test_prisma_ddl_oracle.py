"""Our lowering against Prisma's own DDL (``@prisma/schema-engine-wasm``, run with Node).

For every PostgreSQL and SQLite fixture, the catalog our lowering builds must equal the catalog
schemalint's SQL path builds from the DDL Prisma's schema engine generates for the same schema
(``prisma migrate diff --from-empty --script``): tables, columns with their types, nullability
and defaults, primary keys, foreign keys, unique and plain indexes, by name. Skips without Node
or ``npm ci`` in tests/oracle, except when SCHEMALINT_REQUIRE_ORACLES=1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from schemalint.catalog import replay
from schemalint.catalog.model import Catalog
from schemalint.frontends.postgres import frontend as postgres
from schemalint.frontends.sqlglot import frontend as sqlglot_frontend
from schemalint.source import SourceFile
from schemalint.tools.dialects import DIALECTS
from tests.prisma.prisma_support import REPO, ddl_targets, fixture_id, load_fixture

pytestmark = pytest.mark.node


@pytest.mark.parametrize("target", ddl_targets(), ids=fixture_id)
def test_lowering_matches_the_tables_prisma_creates(
    target: Path, prisma_ddl: dict[str, Any]
) -> None:
    theirs = prisma_ddl[target.relative_to(REPO).as_posix()]
    assert "error" not in theirs, theirs.get("error")
    ours = load_fixture(target).catalog
    assert _shape(ours) == _shape(_replayed(theirs["ddl"], ours.dialect))


def _replayed(sql: str, dialect: str) -> Catalog:
    source = SourceFile("prisma-ddl.sql", sql)
    if dialect == "postgres":
        statements = postgres.parse(source)
    else:
        statements = sqlglot_frontend.parse(source, DIALECTS[dialect])
    catalog = Catalog(dialect=dialect)
    for statement in statements:
        replay.apply(catalog, statement)
    return catalog


def _type(name: str) -> str:
    """The replay keeps only numeric type modifiers (PostgreSQL's typmods), as the database does:
    ``Unsupported("geometry(Point, 4326)")`` is the column type ``geometry(4326)`` there."""
    if "(" not in name:
        return name
    base, _, rest = name.partition("(")
    mods = [m.strip() for m in rest.rstrip(")").split(",") if m.strip().isdigit()]
    return f"{base}({','.join(mods)})" if mods else base


def _shape(catalog: Catalog) -> dict[str, Any]:
    """Everything but spans, in a stable order."""
    return {
        table.qualified_name: {
            "columns": [
                (c.name, _type(c.type_name), c.not_null, c.has_default) for c in table.columns
            ],
            "constraints": sorted(
                (
                    c.kind,
                    c.name,
                    c.columns,
                    c.ref_schema or "",
                    c.ref_table or "",
                    c.ref_columns,
                    c.on_delete or "",
                )
                for c in table.constraints
            ),
            "indexes": sorted(
                (i.name, i.columns, i.unique, i.partial, i.method) for i in table.indexes
            ),
        }
        for table in catalog
    }
