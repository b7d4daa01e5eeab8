"""Ground truth: Prisma's own DDL for each PostgreSQL fixture, applied to a real PostgreSQL.

The tables PostgreSQL ends up with (pg_catalog, through tests/groundtruth/snapshot.py) must
equal the catalog our lowering builds from the same schema. Needs Node (the schema engine) and
PostgreSQL; skips without them, except when SCHEMALINT_REQUIRE_ORACLES=1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.groundtruth.snapshot import diff, from_catalog, from_database
from tests.pgcluster import Cluster
from tests.prisma.prisma_support import REPO, ddl_targets, fixture_id, load_fixture

pytestmark = [pytest.mark.node, pytest.mark.postgres]

# Extensions a fixture's types come from, created before Prisma's DDL runs.
_SETUP = {
    "saas.prisma": "CREATE EXTENSION IF NOT EXISTS citext;",
    "index_arguments.prisma": "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
}
# Fixtures the test cluster cannot hold, and why.
_SKIPPED = {"unsupported.prisma": "its geometry column needs PostGIS, not installed for tests"}


def _postgres_targets() -> list[Path]:
    return [
        t
        for t in ddl_targets()
        if load_fixture(t).catalog.dialect == "postgres" and t.name not in _SKIPPED
    ]


@pytest.mark.parametrize("target", _postgres_targets(), ids=fixture_id)
def test_prisma_ddl_in_postgres_matches_our_lowering(
    target: Path,
    prisma_ddl: dict[str, Any],
    postgres: Cluster,
) -> None:
    theirs = prisma_ddl[target.relative_to(REPO).as_posix()]
    assert "error" not in theirs, theirs.get("error")
    database = "prisma_" + target.name.replace(".prisma", "").replace("-", "_")
    postgres.create_database(database, _SETUP.get(target.name, ""))
    result = postgres.psql(database, "-v", "ON_ERROR_STOP=1", stdin=theirs["ddl"])
    assert result.returncode == 0, result.stderr
    ours = from_catalog(load_fixture(target).catalog)
    assert diff(from_database(postgres, database), ours) == []
