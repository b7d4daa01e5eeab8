"""A file that is only replayed (context) is parsed as the replay goes, never held whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.rules.helpers import lint

from schemalint import ir
from schemalint.catalog import replay
from schemalint.catalog.model import Catalog
from schemalint.source import SourceFile
from schemalint.tools.dialects import Dialect

FILES = [
    ("m/1.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n"),
    ("m/2.sql", "ALTER TABLE a ADD COLUMN x int NOT NULL;\nALTER TABLE b DROP COLUMN id;\n"),
]


def _steps(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, int]]:
    """Records, in order, each statement taken from a parse and each statement replayed."""
    steps: list[tuple[str, str, int]] = []
    statements, parse, apply = Dialect.statements, Dialect.parse, replay.apply

    def taking(self: Dialect, source: SourceFile, *, context: bool) -> Iterator[ir.Statement]:
        for statement in statements(self, source, context=context):
            steps.append(("take", statement.span.path, statement.span.start))
            yield statement

    def parsing(self: Dialect, source: SourceFile, *, context: bool) -> list[ir.Statement]:
        found = list(parse(self, source, context=context))
        steps.extend(("take", s.span.path, s.span.start) for s in found)
        return found

    def applying(catalog: Catalog, statement: ir.Statement) -> None:
        steps.append(("apply", statement.span.path, statement.span.start))
        apply(catalog, statement)

    monkeypatch.setattr(Dialect, "statements", taking)
    monkeypatch.setattr(Dialect, "parse", parsing)
    monkeypatch.setattr(replay, "apply", applying)
    return steps


def test_context_statements_are_taken_one_at_a_time_and_target_files_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = _steps(monkeypatch)
    found, _ = lint(tmp_path, FILES, ["SL301", "SL508"], targets=["m/2.sql"])
    assert steps == [
        ("take", "m/1.sql", 0),
        ("apply", "m/1.sql", 0),
        ("take", "m/1.sql", 25),
        ("apply", "m/1.sql", 25),
        # The file judged: its rules may look at the statements after the current one.
        ("take", "m/2.sql", 0),
        ("take", "m/2.sql", 41),
        ("apply", "m/2.sql", 0),
        ("apply", "m/2.sql", 41),
    ]
    assert found == [
        (
            "SL301", "m/2.sql", 1, 26,
            "Column `x` is added to `a` as NOT NULL without a default",
        ),
        (
            "SL508", "m/2.sql", 2, 27,
            "Column `b.id` is dropped while running code may still use it",
        ),
    ]  # fmt: skip
