"""A newcomer adds a rule: its module, its page and its test module, nothing else.

A copy of the package and the pages gets a dummy rule of a new family (SL9); the registry
finds it, and the SARIF descriptors, the README tables and `schemalint rules` include it,
while the registry's own checks (page headings, a test module) pass on the copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MODULE = '''\
"""SL901 temporary-table-name: a table named like a leftover."""

from __future__ import annotations

from schemalint import ir
from schemalint.findings import Severity
from schemalint.rules.base import ChangeContext, ChangeRule, RuleOptions


class TemporaryTableName(ChangeRule[RuleOptions]):
    code = "SL901"
    name = "temporary-table-name"
    severity = Severity.INFO
    summary = "Flags a table whose name starts with `tmp_`"
    category = "naming"
    precision = "medium"
    statement_types = (ir.CreateTable,)

    def check(self, statement: ir.Statement, ctx: ChangeContext[RuleOptions]) -> None:
        assert isinstance(statement, ir.CreateTable)
        if statement.table.name.startswith("tmp_"):
            ctx.report(statement.table.span, f"table `{statement.table.name}` looks temporary")
'''
PAGE = """\
# SL901 temporary-table-name

## What it does

Flags a table whose name starts with `tmp_`.

## Why is this bad?

A leftover of a manual fix.

## When is it fine?

Never in a migration.

## Example

```sql
CREATE TABLE tmp_users (id int); -- expect: SL901
```

## Use instead

```sql
CREATE TABLE users (id int);
```

## Configuration

No options.
"""
TEST_MODULE = """\
from click.testing import CliRunner

from schemalint.cli import main


def test_a_tmp_table_is_reported(tmp_path):
    (tmp_path / "0001_init.sql").write_text("CREATE TABLE tmp_users (id int);\\n")
    result = CliRunner().invoke(main, ["check", "--select", "SL901", str(tmp_path)])
    assert result.stdout.splitlines()[0] == (
        f"{tmp_path}/0001_init.sql:1:14: SL901 [info] table `tmp_users` looks temporary"
    )
"""
# Run in the copy: what the three outputs say, as JSON.
OUTPUTS = """\
import json, sys
from click.testing import CliRunner
from schemalint.cli import main
from schemalint.rules.index import index_table, readme_table
from schemalint.rules.registry import ALL_RULES
runner = CliRunner()
sarif = runner.invoke(main, ["check", "--format", "sarif", "--select", "SL901,SL401", sys.argv[1]])
print(json.dumps({
    "sarif": json.loads(sarif.stdout),
    "rules": runner.invoke(main, ["rules"]).stdout,
    "readme": readme_table(ALL_RULES),
    "index": index_table(ALL_RULES),
}))
"""


def _checkout_with_a_new_rule(root: Path) -> None:
    shutil.copytree(ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", root / "rules")
    # The registry's checks, and the test modules they look for (not run here).
    shutil.copytree(
        ROOT / "tests/rules",
        root / "tests/rules",
        ignore=lambda folder, names: [
            name for name in names if not name.startswith(("test_sl", "test_registry"))
        ],
    )
    # The three files a rule is.
    (root / "src/schemalint/rules/sl901_temporary_table_name.py").write_text(MODULE)
    (root / "rules/SL901-temporary-table-name.md").write_text(PAGE)
    (root / "tests/rules/test_sl901.py").write_text(TEST_MODULE)


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )


def test_a_new_rule_is_its_module_page_and_test_module(tmp_path: Path) -> None:
    root = tmp_path / "checkout"
    _checkout_with_a_new_rule(root)
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "0001_init.sql").write_text("CREATE TABLE tmp_users (id int);\n")

    run = _run(root, "-c", OUTPUTS, str(migrations))
    assert (run.returncode, run.stderr) == (0, "")
    outputs = json.loads(run.stdout)

    sarif_run = outputs["sarif"]["runs"][0]
    descriptor = sarif_run["tool"]["driver"]["rules"][1]
    assert (descriptor["id"], descriptor["name"], descriptor["properties"]) == (
        "SL901",
        "temporary-table-name",
        {"tags": ["naming", "change-rule"], "precision": "medium"},
    )
    assert descriptor["fullDescription"] == {"text": "Flags a table whose name starts with `tmp_`."}
    assert descriptor["help"]["markdown"] == PAGE
    assert [(r["ruleId"], r["message"]["text"]) for r in sarif_run["results"]] == [
        ("SL901", "table `tmp_users` looks temporary")
    ]
    assert sarif_run["results"][0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 14,
        "endLine": 1,
        "endColumn": 23,
    }
    assert outputs["rules"].splitlines()[-1].split() == [
        "SL901",
        "temporary-table-name",
        "info",
        "sql",
    ]
    assert outputs["readme"].splitlines()[-1] == (
        "| [SL901](https://github.com/schemalint/schemalint/blob/main/rules/"
        "SL901-temporary-table-name.md) | `temporary-table-name` | info |  | "
        "Flags a table whose name starts with `tmp_` |"
    )
    assert outputs["index"].splitlines()[-1] == (
        "| [SL901](SL901-temporary-table-name.md) | `temporary-table-name` | info | SQL |  | "
        "Flags a table whose name starts with `tmp_` |"
    )

    checks = _run(
        root,
        *("-m", "pytest", "-q", "-p", "no:cacheprovider"),
        *("tests/rules/test_registry.py", "tests/rules/test_sl901.py"),
    )
    assert checks.returncode == 0, checks.stdout + checks.stderr
    assert checks.stdout.splitlines()[-1].startswith("7 passed")
