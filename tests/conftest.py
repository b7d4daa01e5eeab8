from __future__ import annotations

from collections.abc import Iterator

import pytest

from oracles import oracle_unavailable
from pgcluster import Cluster, ClusterError, find_binary, start_cluster


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster for the session (skips without one, except in CI)."""
    if find_binary("initdb") is None:
        oracle_unavailable("PostgreSQL (initdb) is not installed")
    try:
        cluster = start_cluster()
    except ClusterError as error:
        oracle_unavailable(f"cannot start PostgreSQL: {error}")
    yield cluster
    cluster.stop()
