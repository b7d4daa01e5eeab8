from __future__ import annotations

from typing import Any

import pytest

from tests.prisma.prisma_support import ddl_targets, run_oracle


@pytest.fixture(scope="session")
def prisma_ddl() -> dict[str, Any]:
    """Prisma's DDL for every PostgreSQL and SQLite fixture, from one Node process."""
    return run_oracle("ddl.mjs", ddl_targets(), "@prisma/schema-engine-wasm")
