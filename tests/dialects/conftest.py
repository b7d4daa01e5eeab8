from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from dialects.mariadb import Server, ServerError, find_binaries, start_server


@pytest.fixture(scope="session")
def mariadb() -> Iterator[Server]:
    """A throwaway MariaDB server for the session (skips without one, except in CI)."""
    required = os.environ.get("SCHEMALINT_REQUIRE_ORACLES") == "1"
    if find_binaries() is None:
        if required:
            pytest.fail("MariaDB (mariadbd) not found and SCHEMALINT_REQUIRE_ORACLES=1")
        pytest.skip("MariaDB (mariadbd) is not installed")
    try:
        server = start_server()
    except ServerError as error:
        if required:
            pytest.fail(f"cannot start MariaDB: {error}")
        pytest.skip(f"cannot start MariaDB: {error}")
    yield server
    server.stop()
