"""Each migration file of a Prisma project gets the same findings however it is made a target:
the project root, the migrations folder, or the file alone (as pre-commit passes it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemalint.config import Config
from schemalint.engine import lint
from schemalint.inputs.discovery import discover
from tests.rules.helpers import Seen, seen

SCENARIOS = Path(__file__).parents[1] / "scenarios"
PROJECTS = ["prisma-generated", "prisma-mysql", "prisma-sqlite"]


def _seen(root: Path, path: str) -> list[Seen]:
    result = lint(discover([Path(path)], cwd=root), Config(root=root))
    return [seen(f, result.sources[f.path]) for f in result.findings]


@pytest.mark.parametrize("project", PROJECTS)
def test_every_migration_gets_the_same_findings_in_every_invocation(project: str) -> None:
    root = SCENARIOS / project
    whole = _seen(root, ".")
    folder = _seen(root, "prisma/migrations")
    migrations = sorted(p.relative_to(root).as_posix() for p in root.rglob("migration.sql"))
    assert migrations
    for migration in migrations:
        expected = [f for f in whole if f[1] == migration]
        assert [f for f in folder if f[1] == migration] == expected, migration
        assert _seen(root, migration) == expected, migration
    # The folder run reports on the migrations only, and each of them as the whole run does.
    assert folder == [f for f in whole if f[1] in migrations]
