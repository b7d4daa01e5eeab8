"""README.md stays true: its rules table, its set-up commands, its CLI options."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from schemalint.cli import check
from schemalint.rules.base import Rule
from schemalint.rules.index import TABLE_END, TABLE_START, index_table, readme_table, with_table
from schemalint.rules.registry import ALL_RULES

REPO_ROOT = Path(__file__).resolve().parents[2]
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
SETUP = (
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' "
    "&& .venv/bin/schemalint check examples/"
)
TEST_COMMAND = ".venv/bin/python -m pytest"


def _section(start: str, end: str) -> str:
    return README.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.parametrize(
    ("path", "make_table"),
    [("README.md", readme_table), ("rules/README.md", index_table)],
)
def test_rules_tables_are_the_ones_the_registry_makes(
    path: str, make_table: Callable[[Iterable[type[Rule[Any]]]], str]
) -> None:
    # `SCHEMALINT_REGENERATE=1 .venv/bin/python -m pytest tests/cli/test_cli_readme.py`
    # writes the tables.
    file = REPO_ROOT / path
    text = file.read_text(encoding="utf-8")
    table = make_table(ALL_RULES)
    if os.environ.get("SCHEMALINT_REGENERATE") == "1":
        file.write_text(with_table(text, table), encoding="utf-8")
        text = file.read_text(encoding="utf-8")
    written = text.split(TABLE_START, 1)[1].split("\n", 1)[1].split(TABLE_END, 1)[0]
    assert written == table, f"{path}'s rules table should be:\n{table}"
    assert with_table(text, table) == text


def test_readme_quick_start_is_exactly_the_two_commands() -> None:
    block = _section("## Quick start", "\n## ").split("```sh\n", 1)[1].split("```", 1)[0]

    assert block.splitlines() == [SETUP, TEST_COMMAND]


def test_ci_runs_the_readme_commands() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()

    # CI creates the same venv, installs the same extras, and runs the README's test command.
    assert "python3 -m venv .venv" in [line.strip() for line in ci]
    assert any(line.endswith("install --quiet -e '.[test]'") for line in ci)
    assert TEST_COMMAND in ci


def test_readme_options_table_documents_every_check_option() -> None:
    documented = set(re.findall(r"^\| `(--[a-z-]+)", _section("## Usage", "\n## "), re.M))
    documented |= set(re.findall(r"^\| `-[a-z], (--[a-z-]+)", _section("## Usage", "\n## "), re.M))
    options = {
        name
        for param in check.params
        for name in param.opts
        if name.startswith("--") and name != "--help"
    }

    assert documented == options
