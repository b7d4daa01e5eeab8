"""Helpers for the Prisma frontend tests: building schemas from text, fixtures, positions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from schemalint import ir
from schemalint.frontends.prisma import PrismaLoad, load
from schemalint.inputs.discovery import PrismaSchema
from schemalint.source import SourceFile, Span
from tests.oracles import oracle_unavailable

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parents[2]


def schema_of(*files: tuple[str, str]) -> PrismaSchema:
    """A schema made of (display path, text) pairs."""
    return PrismaSchema(Path("prisma"), tuple(SourceFile(path, text) for path, text in files))


def load_text(text: str, path: str = "schema.prisma") -> PrismaLoad:
    return load(schema_of((path, text)))


def fixture_targets() -> list[Path]:
    """Every fixture: each top-level .prisma file, and each folder (a multi-file schema)."""
    return sorted(p for p in FIXTURES.iterdir() if p.suffix == ".prisma" or p.is_dir())


def fixture_id(target: Path) -> str:
    return target.name


def load_fixture(target: Path) -> PrismaLoad:
    """Load a fixture the way discovery would; display paths are relative to the repo."""
    files = [target] if target.is_file() else sorted(target.rglob("*.prisma"))
    sources = tuple(
        SourceFile(f.relative_to(REPO).as_posix(), f.read_text(encoding="utf-8")) for f in files
    )
    return load(PrismaSchema(target, sources))


def where(text: str, span: Span) -> tuple[int, int, str]:
    """(line, column, covered text) of a span in ``text``: what a user sees."""
    position = SourceFile(span.path, text).position(span.start)
    return position.line, position.column, text[span.start : span.end]


def errors_of(text: str) -> list[tuple[int, int, str]]:
    """Every syntax error of a one-file schema as (line, column, message)."""
    result = []
    for error in load_text(text).errors:
        assert isinstance(error, ir.Unparsable)
        line, column, _ = where(text, error.span)
        result.append((line, column, error.message))
    return result


ORACLE = REPO / "tests" / "oracle"


def ddl_targets() -> list[Path]:
    """Fixtures Prisma's schema engine (WebAssembly) can print DDL for: PostgreSQL, SQLite."""
    targets = []
    for target in fixture_targets():
        files = [target] if target.is_file() else sorted(target.rglob("*.prisma"))
        text = "".join(f.read_text(encoding="utf-8") for f in files)
        if load_fixture(target).catalog.dialect != "mysql" and '"mongodb"' not in text:
            targets.append(target)
    return targets


def run_oracle(script: str, targets: list[Path], package: str) -> dict[str, Any]:
    """Run a tests/oracle script on fixtures; skip (or fail in CI) when it cannot run.

    ``package`` is a folder under node_modules that ``npm ci`` creates.
    """
    node = shutil.which("node")
    missing = None
    if node is None:
        missing = "node is not installed"
    elif not (ORACLE / "node_modules" / package).is_dir():
        missing = "tests/oracle/node_modules is missing (run npm ci in tests/oracle)"
    if missing is not None:
        oracle_unavailable(missing)
    assert node is not None
    completed = subprocess.run(
        [node, str(ORACLE / script), *(t.relative_to(REPO).as_posix() for t in targets)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result: dict[str, Any] = json.loads(completed.stdout)
    return result
