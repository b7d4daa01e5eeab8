"""A plain ``check`` imports only what it uses: every module costs each pre-commit run.

pglast is imported only when a PostgreSQL file is parsed (the catalog, which MySQL and SQLite
runs replay too, never imports it); baseline and ``--diff`` support,
rule option checking (rule options set in a config) and YAML (a ``.schemalint.yaml``) only when asked for.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

_WATCHED = (
    "pglast",
    "sqlglot",
    "schemalint.rules.options",
    "yaml",
    "schemalint.output.baseline",
    "schemalint.inputs.changed",
    "schemalint.rules.docs",
)

_SCRIPT = textwrap.dedent(
    """
    import sys
    from schemalint.cli import main

    try:
        main(["check", "--format", "json", *{options!r}, "."])
    except SystemExit:
        pass
    print(sorted(m for m in {watched!r} if m in sys.modules), file=sys.stderr)
    """
)


def _imported(project: Path, *options: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT.format(watched=_WATCHED, options=options)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("["), done.stderr[-2000:]
    return [name.strip(" '") for name in last.strip("[]").split(",") if name]


def test_checking_an_empty_folder_imports_no_parser_nor_optional_machinery(
    tmp_path: Path,
) -> None:
    assert _imported(tmp_path) == []


def test_checking_a_prisma_schema_does_not_import_pglast(tmp_path: Path) -> None:
    (tmp_path / "prisma").mkdir()
    (tmp_path / "prisma" / "schema.prisma").write_text(
        'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
        "\nmodel Organization {\n  id Int @id\n}\n",
        encoding="utf-8",
    )
    assert _imported(tmp_path) == []


def test_checking_sql_imports_pglast_but_not_baseline_diff_or_config_machinery(
    tmp_path: Path,
) -> None:
    (tmp_path / "001_init.sql").write_text(
        "CREATE TABLE organizations (id bigint PRIMARY KEY);\nDELETE FROM organizations;\n",
        encoding="utf-8",
    )
    assert _imported(tmp_path) == ["pglast"]


@pytest.mark.parametrize("dialect", ["mysql", "sqlite"])
def test_checking_mysql_or_sqlite_does_not_import_pglast(tmp_path: Path, dialect: str) -> None:
    # Unnamed CHECK constraints, named by the replay after the columns they read, and a
    # DROP COLUMN that takes one along: the catalog's naming and dependency paths run.
    (tmp_path / "001_init.sql").write_text(
        "CREATE TABLE invoices (id int PRIMARY KEY, amount int CHECK (amount > 0),\n"
        "  paid int, CHECK (paid <= amount));\n",
        encoding="utf-8",
    )
    (tmp_path / "002_drop.sql").write_text(
        "ALTER TABLE invoices ADD CHECK (paid >= 0);\nALTER TABLE invoices DROP COLUMN paid;\n",
        encoding="utf-8",
    )
    assert _imported(tmp_path, "--dialect", dialect) == ["sqlglot"]


_DEFERRED_SCRIPT = textwrap.dedent(
    """
    import sys
    from schemalint.cli import main

    try:
        main(["check", "--format", "json", "."])
    except SystemExit:
        pass
    loaded = sorted(m for m in sys.modules if m.startswith("pglast.enums."))
    print(loaded, "SelectStmt" in vars(sys.modules["pglast.ast"]), file=sys.stderr)
    import pglast
    from pglast.enums.parsenodes import ObjectType
    statement = pglast.parse_sql("DROP TABLE t")[0].stmt
    print(type(statement).__name__, statement.removeType is ObjectType.OBJECT_TABLE,
          pglast.ast is sys.modules["pglast.ast"], file=sys.stderr)
    """
)


def test_checking_sql_leaves_pglast_ast_and_enums_unexecuted_until_someone_uses_them(
    tmp_path: Path,
) -> None:
    (tmp_path / "001_init.sql").write_text(
        "CREATE TABLE organizations (id bigint PRIMARY KEY);\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-c", _DEFERRED_SCRIPT],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Nothing of the enum package nor the AST module ran: the deferred modules are bare.
    assert done.stderr.strip().splitlines()[-2:] == ["[] False", "DropStmt True True"]
