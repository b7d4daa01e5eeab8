"""The SQL examples of each rule page's ``## Dialects`` section run in their dialect.

A block starts with ``-- dialect: <name>``; ``-- migration: <name>`` lines split it into the
files of one stream; lines marked ``-- expect: SLxxx`` are exactly the findings of the page's
rule, every other line has none.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from schemalint.config import Config
from schemalint.engine import lint
from schemalint.inputs.discovery import Discovery, Stream
from schemalint.rules.registry import ALL_RULES
from schemalint.source import SourceFile
from schemalint.tools.registry import PLAIN

PAGES = Path(__file__).resolve().parents[2] / "rules"
_SECTION = re.compile(r"^## Dialects\n(.*?)(?=^## |\Z)", re.M | re.S)
_FENCE = re.compile(r"^```sql\n(.*?)^```", re.M | re.S)
_DIALECT = re.compile(r"\A-- dialect: (\w+)\n")
_MIGRATION = re.compile(r"^-- migration: (\S+)\n", re.M)
_EXPECT = re.compile(r"-- expect: (SL\d{3})")


def _cases() -> list[object]:
    cases: list[object] = []
    for rule in ALL_RULES:
        page = (PAGES / f"{rule.code}-{rule.name}.md").read_text()
        section = _SECTION.search(page)
        blocks = _FENCE.findall(section.group(1)) if section else []
        for number, block in enumerate(blocks, 1):
            dialect = _DIALECT.match(block)
            assert dialect, f"{rule.code}: a Dialects example must start with -- dialect:"
            body = block[dialect.end() :]
            case_id = f"{rule.code}-{dialect.group(1)}-{number}"
            cases.append(pytest.param(rule.code, dialect.group(1), body, id=case_id))
    return cases


def _files(body: str) -> list[SourceFile]:
    parts = _MIGRATION.split(body)
    if len(parts) == 1:
        return [SourceFile("migrations/1.sql", body)]
    return [
        SourceFile(f"migrations/{name}", text)
        for name, text in zip(parts[1::2], parts[2::2], strict=True)
    ]


def test_dialect_sections_hold_examples() -> None:
    assert len(_cases()) == 5


@pytest.mark.parametrize(("code", "dialect", "body"), _cases())
def test_dialect_example_reports_exactly_the_marked_lines(
    code: str, dialect: str, body: str, tmp_path: Path
) -> None:
    files = _files(body)
    stream = Stream(tmp_path / "migrations", PLAIN, tuple(files))
    discovery = Discovery((stream,), (), frozenset(f.path for f in files))
    result = lint(discovery, Config(root=tmp_path, select=(code,), dialect=dialect))
    found = [
        (f.code, f.path, result.sources[f.path].position(f.span.start).line)
        for f in result.findings
    ]
    expected = [
        (marked, source.path, number)
        for source in files
        for number, line in enumerate(source.text.splitlines(), 1)
        for marked in _EXPECT.findall(line)
    ]
    assert found == expected
