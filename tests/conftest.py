from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from pgcluster import Cluster, ClusterError, find_binary, start_cluster


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster for the session (skips without one, except in CI)."""
    required = os.environ.get("SCHEMALINT_REQUIRE_ORACLES") == "1"
    if find_binary("initdb") is None:
        if required:
            pytest.fail("initdb not found and SCHEMALINT_REQUIRE_ORACLES=1")
        pytest.skip("PostgreSQL (initdb) is not installed")
    try:
        cluster = start_cluster()
    except ClusterError as error:
        if required:
            pytest.fail(f"cannot start PostgreSQL: {error}")
        pytest.skip(f"cannot start PostgreSQL: {error}")
    yield cluster
    cluster.stop()
