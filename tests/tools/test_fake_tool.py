"""The design test: a migration tool and a dialect that schemalint does not know, each one
object defined here, go through discovery, every rule and every reporter.

The fake tool enters by one line in the tool registry (``registry.TOOLS``, patched here) and
is recognised by its own structure (a ``fake-migrate.toml`` beside the SQL files); the fake
dialect (a PostgreSQL-speaking database) by ``--dialect``. Nothing outside the objects knows
their names.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

import pytest

from schemalint.config import Config
from schemalint.engine import lint
from schemalint.inputs.discovery import discover
from schemalint.inputs.layouts import Claim, Folder, natural_key
from schemalint.output.reporters import FORMATS, render
from schemalint.rules.registry import ALL_RULES
from schemalint.tools import registry
from schemalint.tools.dialects import Dialect
from schemalint.tools.registry import PLAIN, MigrationTool
from schemalint.tools.transactions import Scope, TransactionModel, Version
from tests.trees import write_tree

_DOWN = re.compile(r"^-- fake:down\b.*", re.MULTILINE | re.DOTALL)


def fake_model(version: Version | None) -> TransactionModel:
    return TransactionModel(
        "fake-migrate",
        Scope.FILE,
        version,
        opt_out="-- fake:no-transaction",
        opt_out_pattern=re.compile(r"^-- fake:no-transaction\b", re.MULTILINE),
    )


def _mask(text: str) -> str:
    """Everything from ``-- fake:down`` on is never applied."""
    return _DOWN.sub(lambda m: re.sub(r"[^\r\n]", " ", m.group()), text)


def _recognise(folder: Folder) -> Claim | None:
    """A folder with a ``fake-migrate.toml``: its SQL files in natural order."""
    if "fake-migrate.toml" not in folder.listing.filenames:
        return None
    ordered = sorted(folder.sql_names, key=natural_key)
    return Claim(tuple(folder.directory / name for name in ordered), folder.sql_names)


FAKE_TOOL = MigrationTool("fake", "fake-migrate", fake_model, _recognise, _mask)
FAKE_DIALECT = Dialect(
    "fakesql", "FakeSQL", postgres_frontend=True, concurrent_index=True, family="postgres"
)

INIT = (
    "CREATE TABLE orgs (id int PRIMARY KEY);\n"
    "CREATE TABLE projects (id int PRIMARY KEY, org_id int, organization_id int);\n"
    "-- fake:down\n"
    "DROP TABLE projects;\n"
)
FK = "ALTER TABLE projects ADD FOREIGN KEY (org_id) REFERENCES orgs;\n"


FILES = {"db/fake-migrate.toml": "", "db/1_init.sql": INIT, "db/10_fk.sql": FK}


def test_without_its_registry_line_the_fake_folder_is_a_plain_one(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    (stream,) = discover([Path("db")], cwd=tmp_path).streams
    assert stream.tool is PLAIN


def test_a_fake_tool_and_dialect_run_through_discovery_rules_and_reporters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The one registry line: the fake tool, recognised before the built-in ones.
    monkeypatch.setattr(
        registry, "TOOLS", MappingProxyType({FAKE_TOOL.name: FAKE_TOOL, **registry.TOOLS})
    )
    write_tree(tmp_path, FILES)
    # A file named on its own is linted with its folder's stream.
    (alone,) = discover([Path("db/10_fk.sql")], cwd=tmp_path).streams
    assert (alone.tool, [f.path for f in alone.files]) == (
        FAKE_TOOL,
        ["db/1_init.sql", "db/10_fk.sql"],
    )
    discovery = discover([Path("db")], cwd=tmp_path, dialect=(FAKE_DIALECT, "test"))
    (stream,) = discovery.streams
    assert (stream.tool, stream.dialect, stream.dialect_source) == (
        FAKE_TOOL,
        FAKE_DIALECT,
        "test",
    )
    # The tool's mask: the down section is never replayed (projects survives it).
    assert stream.files[0].masked.endswith(
        "\n" + " " * len("-- fake:down") + "\n" + " " * 20 + "\n"
    )
    result = lint(discovery, Config(root=tmp_path, exposed_schemas=("public",)))
    at = [result.sources[f.path].position(f.span.start) for f in result.findings]
    shown = [
        (f.code, f.path, p.line, p.column, f.message)
        for f, p in zip(result.findings, at, strict=True)
    ]
    assert shown == [
        ("SL507", "db/10_fk.sql", 1, 13, "`ALTER TABLE` waits for SHARE ROW EXCLUSIVE on `projects` with no `lock_timeout` in effect"),
        ("SL201", "db/10_fk.sql", 1, 26, "Foreign key `org_id` on `projects` (referencing `orgs`) has no index"),
        ("SL503", "db/10_fk.sql", 1, 26, "`ADD FOREIGN KEY` checks every row of `projects` while it blocks writes to `projects` and `orgs`"),
        ("SL101", "db/1_init.sql", 1, 14, "Table `orgs` has no tenant column (`organization_id` or `workspace_id`)"),
        ("SL102", "db/1_init.sql", 1, 14, "Table `orgs` is in the exposed schema `public` without row level security"),
        ("SL102", "db/1_init.sql", 2, 14, "Table `projects` is in the exposed schema `public` without row level security"),
        ("SL402", "db/1_init.sql", 2, 14, "Tenant-scoped table `projects` has no `deleted_at` column"),
        ("SL105", "db/1_init.sql", 2, 56, "Tenant column `organization_id` of `projects` is nullable"),
        ("SL106", "db/1_init.sql", 2, 56, "Tenant column `organization_id` of `projects` has no foreign key to its tenant table"),
    ]  # fmt: skip
    sl201 = next(f for f in result.findings if f.code == "SL201")
    assert sl201.help.endswith(
        "fake-migrate runs each migration file in a transaction, where CREATE INDEX "
        "CONCURRENTLY cannot run; a plain CREATE INDEX would block writes to `projects` while "
        "it builds (SL502). Write `CREATE INDEX CONCURRENTLY projects_org_id_idx ON projects "
        "(org_id)` alone in a migration of its own that starts with `-- fake:no-transaction`: "
        "fake-migrate then runs it outside a transaction block."
    )
    for fmt in FORMATS:
        assert "SL201" in render(result, fmt, rules=ALL_RULES, color=False), fmt
    # Every rule for PostgreSQL migrations ran: the fake dialect speaks PostgreSQL.
    postgres_rules = tuple(
        rule.code for rule in ALL_RULES if "sql" in rule.origins and "postgres" in rule.dialects
    )
    assert result.rules_run == {"db (fake)": postgres_rules}
