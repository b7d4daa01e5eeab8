"""SL301's premise per database, proven by running the statement on the real database.

The IR the rule sees is pinned next to what the database does with it.
"""

from __future__ import annotations

import sqlite3

import pytest

from schemalint import ir
from schemalint.frontends.sqlglot.frontend import parse
from schemalint.source import SourceFile, Span
from schemalint.tools.dialects import MYSQL, SQLITE
from tests.dialects.mariadb import Server, ServerError

ADD_MYSQL = "ALTER TABLE `t` ADD COLUMN `n` INTEGER NOT NULL, ADD COLUMN `s` VARCHAR(20) NOT NULL"
ADD_SQLITE = 'ALTER TABLE "t" ADD COLUMN "n" INTEGER NOT NULL'


def test_mysql_add_not_null_column_without_default_is_seen_as_such() -> None:
    (first, second) = parse(SourceFile("m.sql", ADD_MYSQL), MYSQL)
    assert isinstance(first, ir.AddColumn) and isinstance(second, ir.AddColumn)
    assert (first.column.name, first.column.not_null, first.column.has_default) == (
        "n",
        True,
        False,
    )
    assert first.column.name_span == Span("m.sql", 27, 30)
    assert first.column.span == Span("m.sql", 27, 47)


def test_mariadb_fills_existing_rows_with_the_implicit_default_even_in_strict_mode(
    mariadb: Server,
) -> None:
    mariadb.run("DROP DATABASE IF EXISTS sl301; CREATE DATABASE sl301")
    mode = mariadb.run("SELECT @@sql_mode", "sl301")[0][0]
    assert "STRICT_TRANS_TABLES" in mode
    mariadb.run("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1)", "sl301")
    mariadb.run(ADD_MYSQL, "sl301")
    assert mariadb.run("SELECT id, n, s FROM t", "sl301") == [["1", "0", ""]]


def test_mariadb_strict_mode_refuses_modify_to_not_null_while_a_row_holds_null(
    mariadb: Server,
) -> None:
    mariadb.run("DROP DATABASE IF EXISTS sl301m; CREATE DATABASE sl301m")
    mariadb.run(
        "CREATE TABLE t (id INT PRIMARY KEY, c INT NULL); INSERT INTO t VALUES (1, NULL)", "sl301m"
    )
    with pytest.raises(ServerError) as error:
        mariadb.run("ALTER TABLE t MODIFY c INT NOT NULL", "sl301m")
    assert "Data truncated for column 'c' at row 1" in str(error.value)
    assert mariadb.run("SELECT id, c FROM t", "sl301m") == [["1", "NULL"]]


def test_sqlite_add_not_null_column_without_default_is_seen_as_such() -> None:
    (statement,) = parse(SourceFile("m.sql", ADD_SQLITE), SQLITE)
    assert isinstance(statement, ir.AddColumn)
    assert (statement.column.not_null, statement.column.has_default) == (True, False)
    assert statement.column.name_span == Span("m.sql", 27, 30)


def test_sqlite_rejects_add_not_null_column_without_default_on_a_non_empty_table() -> None:
    connection = sqlite3.connect(":memory:")
    connection.executescript('CREATE TABLE "t" (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);')
    with pytest.raises(sqlite3.OperationalError) as error:
        connection.execute(ADD_SQLITE)
    assert str(error.value) == "Cannot add a NOT NULL column with default value NULL"


def test_sqlite_accepts_add_not_null_column_without_default_on_an_empty_table() -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute('CREATE TABLE "t" (id INTEGER PRIMARY KEY)')
    connection.execute(ADD_SQLITE)
    columns = [row[1:4] for row in connection.execute('PRAGMA table_info("t")')]
    assert columns == [("id", "INTEGER", 0), ("n", "INTEGER", 1)]
