"""Compare an output with its file in ``expected/``; ``SCHEMALINT_REGENERATE=1`` rewrites it."""

from __future__ import annotations

import os
from pathlib import Path

EXPECTED = Path(__file__).parent / "expected"


def assert_golden(name: str, actual: str) -> None:
    path = EXPECTED / name
    if os.environ.get("SCHEMALINT_REGENERATE") == "1":
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")
