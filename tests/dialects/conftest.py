from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.dialects.mariadb import Server, ServerError, find_binaries, start_server
from tests.oracles import oracle_unavailable


@pytest.fixture(scope="session")
def mariadb() -> Iterator[Server]:
    """A throwaway MariaDB server for the session (skips without one, except in CI)."""
    if find_binaries() is None:
        oracle_unavailable("MariaDB (mariadbd) is not installed")
    try:
        server = start_server()
    except ServerError as error:
        oracle_unavailable(f"cannot start MariaDB: {error}")
    yield server
    server.stop()
