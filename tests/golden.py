"""Compare an output with its golden file; ``SCHEMALINT_REGENERATE=1`` rewrites it instead."""

from __future__ import annotations

import os
from pathlib import Path


def assert_golden(path: Path, actual: str) -> None:
    if os.environ.get("SCHEMALINT_REGENERATE") == "1":
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")
