"""README.md stays true: its rules table, its set-up commands, its CLI options."""

from __future__ import annotations

import re
from pathlib import Path

from schemalint.cli import check
from schemalint.rule_docs import doc_url
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


def test_readme_rules_table_lists_every_rule_of_the_registry() -> None:
    table = _section("<!-- rules-table:", "<!-- rules-table-end -->").splitlines()[1:]
    expected = [
        "| Code | Name | Default severity | Fix | What it reports |",
        "|---|---|---|---|---|",
        *(
            f"| [{r.code}]({doc_url(r.code, r.name)}) | `{r.name}` | {r.severity.value} | "
            f"{'yes' if r.fixable else ''} | {r.summary} |"
            for r in ALL_RULES
        ),
    ]
    assert table == expected
    for rule in ALL_RULES:
        assert (REPO_ROOT / "rules" / f"{rule.code}-{rule.name}.md").is_file()


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
