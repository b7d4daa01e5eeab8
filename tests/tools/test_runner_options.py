"""Per-file and per-project runner options that change how a file runs: Flyway's script
config file (``executeInTransaction=false``) and golang-migrate's ``x-multi-statement``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from schemalint.config import Config
from schemalint.engine import lint
from schemalint.inputs.discovery import discover
from schemalint.run import print_stream_facts
from schemalint.tools import runners
from schemalint.tools.transactions import FileRun, Scope, Segment
from tests.rules.helpers import seen
from tests.trees import write_tree

TABLE = "CREATE TABLE tasks (id bigint PRIMARY KEY, status text);\n"
REINDEX = "REINDEX TABLE CONCURRENTLY tasks;\n"
CIC = "CREATE INDEX CONCURRENTLY tasks_status_idx ON tasks (status);\n"
TWO = "ALTER TABLE tasks ADD COLUMN note text;\n" + CIC


def _sl501(
    tmp_path: Path, files: dict[str, str], **config: Any
) -> list[tuple[str, str, int, int, str]]:
    write_tree(tmp_path, files)
    discovery = discover([Path("db")], cwd=tmp_path)
    result = lint(discovery, Config(root=tmp_path, select=("SL501",), **config))
    return [seen(f, result.sources[f.path]) for f in result.findings]


FLYWAY = {"db/V1__tasks.sql": TABLE, "db/V2__reindex.sql": REINDEX}
REINDEX_IN_TRANSACTION = (
    "SL501",
    "db/V2__reindex.sql",
    1,
    1,
    "`REINDEX TABLE CONCURRENTLY` cannot run inside a transaction block, and here Flyway runs "
    "each migration file in a transaction",
)


def test_flyway_runs_a_script_it_does_not_recognise_as_non_transactional_in_a_transaction(
    tmp_path: Path,
) -> None:
    # Flyway's parser does not detect REINDEX TABLE ... CONCURRENTLY.
    assert _sl501(tmp_path, FLYWAY) == [REINDEX_IN_TRANSACTION]


def test_flyway_script_config_file_opts_the_script_out_of_its_transaction(tmp_path: Path) -> None:
    conf = {"db/V2__reindex.sql.conf": "# script config\nexecuteInTransaction = false\n"}
    assert _sl501(tmp_path, {**FLYWAY, **conf}) == []
    (stream,) = discover([Path("db")], cwd=tmp_path).streams
    assert stream.opted_out == frozenset({"db/V2__reindex.sql"})


def test_flyway_script_config_file_without_the_setting_changes_nothing(tmp_path: Path) -> None:
    conf = {"db/V2__reindex.sql.conf": "encoding=UTF-8\nexecuteInTransaction=true\n"}
    assert _sl501(tmp_path, {**FLYWAY, **conf}) == [REINDEX_IN_TRANSACTION]


def test_flyway_opted_out_script_runs_statement_by_statement_and_is_not_refused() -> None:
    model = runners.flyway(None).configured(opted_out_files=frozenset({"db/V2__x.sql"}))
    run = model.run("", [TABLE, CIC], "db/V2__x.sql")
    assert run == FileRun((Segment(0, 1, False), Segment(1, 2, False)), opted_out=True)
    assert runners.flyway(None).run("", [TABLE, CIC]).refused.startswith("Flyway refuses")


GOLANG = {"db/1_tasks.up.sql": TABLE, "db/2_index.up.sql": TWO}


def test_golang_migrate_multi_statement_runs_each_statement_on_its_own(tmp_path: Path) -> None:
    assert _sl501(tmp_path, GOLANG) == [
        (
            "SL501",
            "db/2_index.up.sql",
            2,
            1,
            "`CREATE INDEX CONCURRENTLY` cannot run inside a transaction block, and here "
            "golang-migrate sends the file as one query string, which PostgreSQL runs as one "
            "implicit transaction when it holds several statements",
        )
    ]
    assert _sl501(tmp_path, GOLANG, multi_statement=True) == []


def test_multi_statement_changes_only_a_runner_that_has_the_option() -> None:
    golang = runners.golang_migrate(None).configured(multi_statement=True)
    assert golang.scope is Scope.STATEMENT
    assert golang.describe() == "golang-migrate (newest): each statement on its own"
    dbmate = runners.dbmate(None)
    assert dbmate.configured(multi_statement=True) is dbmate


def test_verbose_names_the_scripts_a_config_file_opts_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(tmp_path, {**FLYWAY, "db/V2__reindex.sql.conf": "executeInTransaction=false\n"})
    print_stream_facts(discover([Path("db")], cwd=tmp_path), Config(root=tmp_path))
    assert capsys.readouterr().err == (
        "schemalint: db: 2 files, tool flyway\n"
        "schemalint:   dialect: PostgreSQL (the default)\n"
        "schemalint:   runner: Flyway (newest): each file in its own transaction\n"
        "schemalint:   PostgreSQL version: not set (set postgres-version to name it)\n"
        "schemalint:   exposed schemas: none (no Supabase markers; set exposed-schemas to name "
        "some)\n"
        "schemalint:   db/V2__reindex.sql opts out: executeInTransaction=false (in the script's "
        ".conf file)\n"
    )
