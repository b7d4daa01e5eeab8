"""Replaying each history must give the schema the real database has after running it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.frontends.sqlglot.frontend import parse
from schemalint.source import SourceFile
from schemalint.tools.dialects import DIALECTS
from tests.dialects.mariadb import Server
from tests.dialects.snapshots import from_catalog, from_mariadb, from_sqlite

HISTORIES = Path(__file__).parent / "histories"
SCENARIOS = Path(__file__).parent.parent / "scenarios"


def _migrations(history: Path) -> list[Path]:
    return sorted(history.glob("*/migration.sql"))


def _replay(history: Path, dialect: str) -> Catalog:
    catalog = Catalog(dialect=dialect)
    for path in _migrations(history):
        for statement in parse(SourceFile(str(path), path.read_text()), DIALECTS[dialect]):
            apply(catalog, statement)
    return catalog


def _name(history: Path) -> str:
    return history.parents[1].name if history.name == "migrations" else history.name


def _histories(dialect: str) -> list[Path]:
    """The dialect's histories, and the migrations of its Prisma scenario project."""
    scenario = SCENARIOS / f"prisma-{dialect}" / "prisma" / "migrations"
    return [*sorted(p for p in (HISTORIES / dialect).iterdir() if p.is_dir()), scenario]


@pytest.mark.parametrize("history", _histories("sqlite"), ids=_name)
def test_replayed_sqlite_history_matches_sqlite(history: Path) -> None:
    connection = sqlite3.connect(":memory:")
    for path in _migrations(history):
        connection.executescript(path.read_text())
    assert from_catalog(_replay(history, "sqlite"), unnamed_fks=True) == from_sqlite(connection)


@pytest.mark.parametrize("history", _histories("mysql"), ids=_name)
def test_replayed_mysql_history_matches_mariadb(history: Path, mariadb: Server) -> None:
    database = "h_" + _name(history).replace("-", "_")
    mariadb.run(f"DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database}")
    for path in _migrations(history):
        mariadb.run(path.read_text(), database)
    assert from_catalog(_replay(history, "mysql")) == from_mariadb(mariadb, database)


def test_histories_hold_at_least_forty_migrations() -> None:
    assert len(list(HISTORIES.glob("*/*/*/migration.sql"))) >= 40
