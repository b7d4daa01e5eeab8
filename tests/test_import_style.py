"""Tests import their shared helpers one way: ``from tests.<module> import ...``.

That works for ``pytest`` and ``python -m pytest`` alike, and each helper is one module
(a relative or bare import would load a second copy under another name).
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent
_IMPORT = re.compile(r"^\s*(?:from\s+(\.+\w*|\w+)[\w.]*\s+import|import\s+(\w+))", re.M)


def test_helpers_are_imported_from_the_tests_package() -> None:
    own = {path.stem for path in TESTS.rglob("*.py") if "node_modules" not in path.parts}
    own |= {path.name for path in TESTS.iterdir() if (path / "__init__.py").is_file()}
    own.discard("tests")
    offending = []
    for path in sorted(TESTS.rglob("*.py")):
        if "node_modules" in path.parts:
            continue
        for match in _IMPORT.finditer(path.read_text(encoding="utf-8")):
            name = match[1] or match[2]
            if name.startswith(".") or name in own:
                line = match[0].strip()
                offending.append(f"{path.relative_to(TESTS)}: {line}")
    assert offending == []
