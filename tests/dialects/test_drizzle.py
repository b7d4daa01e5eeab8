"""drizzle-kit histories for MySQL and SQLite: the journal names the dialect, the breakpoints
split the statements, and the replay matches what MariaDB and SQLite build from the same files
(applied as drizzle's migrator does: split on ``--> statement-breakpoint``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from schemalint import ir
from schemalint.catalog.model import Catalog
from schemalint.catalog.replay import apply
from schemalint.inputs.discovery import Stream, discover
from tests.dialects.mariadb import Server
from tests.dialects.snapshots import from_catalog, from_mariadb, from_sqlite
from tests.trees import write_tree

BREAKPOINT = "--> statement-breakpoint"

MYSQL = {
    "0000_init.sql": (
        "CREATE TABLE `organizations` (\n"
        "\t`id` varchar(24) NOT NULL,\n"
        "\t`name` varchar(255) NOT NULL,\n"
        "\tCONSTRAINT `organizations_id` PRIMARY KEY(`id`)\n"
        ");\n"
        f"{BREAKPOINT}\n"
        "CREATE TABLE `projects` (\n"
        "\t`id` varchar(24) NOT NULL,\n"
        "\t`organization_id` varchar(24) NOT NULL,\n"
        "\t`name` varchar(255) NOT NULL,\n"
        "\tCONSTRAINT `projects_id` PRIMARY KEY(`id`)\n"
        ");\n"
        f"{BREAKPOINT}\n"
        "ALTER TABLE `projects` ADD CONSTRAINT `projects_organization_id_organizations_id_fk` "
        "FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) "
        "ON DELETE cascade ON UPDATE no action;"
    ),
    "0001_names.sql": (
        f"ALTER TABLE `projects` ADD `archived` boolean DEFAULT false NOT NULL;{BREAKPOINT}\n"
        "CREATE INDEX `projects_name_idx` ON `projects` (`name`);"
    ),
}

SQLITE = {
    "0000_init.sql": (
        "CREATE TABLE `organizations` (\n"
        "\t`id` text PRIMARY KEY NOT NULL,\n"
        "\t`name` text NOT NULL\n"
        ");\n"
        f"{BREAKPOINT}\n"
        "CREATE TABLE `projects` (\n"
        "\t`id` text PRIMARY KEY NOT NULL,\n"
        "\t`organization_id` text NOT NULL,\n"
        "\t`name` text NOT NULL,\n"
        "\tFOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) "
        "ON UPDATE no action ON DELETE cascade\n"
        ");\n"
    ),
    "0001_names.sql": (
        f"ALTER TABLE `projects` ADD `archived` integer DEFAULT false NOT NULL;{BREAKPOINT}\n"
        "CREATE INDEX `projects_name_idx` ON `projects` (`name`);"
    ),
}


def _history(root: Path, dialect: str, files: dict[str, str]) -> Stream:
    entries = ",".join(
        f'{{"idx":{i},"version":"5","when":{i},"tag":"{name[:-4]}","breakpoints":true}}'
        for i, name in enumerate(files)
    )
    journal = f'{{"version":"7","dialect":"{dialect}","entries":[{entries}]}}'
    write_tree(
        root,
        {"drizzle/meta/_journal.json": journal, **{f"drizzle/{n}": t for n, t in files.items()}},
    )
    (stream,) = discover([Path("drizzle")], cwd=root).streams
    return stream


def _replay(stream: Stream) -> Catalog:
    catalog = Catalog(dialect=stream.dialect.name)
    for source in stream.files:
        for statement in stream.dialect.parse(source, context=False):
            assert not isinstance(statement, ir.Unparsable), statement
            apply(catalog, statement)
    return catalog


def _statements(files: dict[str, str]) -> list[str]:
    """What drizzle's migrator sends: each file split on the breakpoints."""
    return [part for text in files.values() for part in text.split(BREAKPOINT) if part.strip()]


def test_drizzle_sqlite_history_replays_as_sqlite_builds_it(tmp_path: Path) -> None:
    stream = _history(tmp_path, "sqlite", SQLITE)
    assert (stream.dialect.name, stream.dialect_source) == ("sqlite", "meta/_journal.json")
    connection = sqlite3.connect(":memory:")
    for statement in _statements(SQLITE):
        connection.execute(statement)
    assert from_catalog(_replay(stream), unnamed_fks=True) == from_sqlite(connection)


def test_drizzle_mysql_history_replays_as_mariadb_builds_it(
    tmp_path: Path, mariadb: Server
) -> None:
    stream = _history(tmp_path, "mysql", MYSQL)
    assert (stream.dialect.name, stream.dialect_source) == ("mysql", "meta/_journal.json")
    mariadb.run("DROP DATABASE IF EXISTS drizzle_mysql; CREATE DATABASE drizzle_mysql")
    for statement in _statements(MYSQL):
        mariadb.run(statement, "drizzle_mysql")
    assert from_catalog(_replay(stream)) == from_mariadb(mariadb, "drizzle_mysql")
