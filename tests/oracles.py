"""What a test does when an oracle (PostgreSQL, MariaDB, Node, pre-commit) is missing.

On a developer's machine it skips with the reason; in CI (``SCHEMALINT_REQUIRE_ORACLES=1``) a
missing oracle is a failure, so a green run always means the oracles really ran.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def oracle_unavailable(reason: str) -> NoReturn:
    if os.environ.get("SCHEMALINT_REQUIRE_ORACLES") == "1":
        pytest.fail(f"{reason} (and SCHEMALINT_REQUIRE_ORACLES=1)")
    pytest.skip(reason)
