"""Code outside ``schemalint.tools`` asks a Dialect object what its database does: a database
that speaks MySQL's SQL (``family``) is parsed, replayed and judged as MySQL, under its own
name and label."""

from __future__ import annotations

from pathlib import Path

from schemalint import ir
from schemalint.config import Config
from schemalint.engine import lint
from schemalint.inputs.discovery import discover
from schemalint.tools.dialects import MYSQL, POSTGRES, SQLITE, Dialect, behaviour_of
from tests.rules.helpers import seen
from tests.trees import write_tree

MARIA_LIKE = Dialect("fakemysql", "FakeMySQL", backslash_strings=True, family="mysql")


def test_a_dialect_of_a_family_behaves_as_the_family() -> None:
    assert MARIA_LIKE.behaviour is MYSQL
    assert MARIA_LIKE.applies(frozenset({"mysql"})) and not MARIA_LIKE.applies({"postgres"})
    assert (behaviour_of("postgres"), behaviour_of("sqlite")) == (POSTGRES, SQLITE)


def test_a_mysql_speaking_dialect_is_parsed_replayed_and_judged_as_mysql(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "db/1_t.sql": "CREATE TABLE `t` (`id` int NOT NULL, CONSTRAINT `t_pk` PRIMARY KEY (`id`));\n",
            "db/2_c.sql": "ALTER TABLE `t` ADD COLUMN `n` int NOT NULL;\n",
        },
    )
    discovery = discover([Path("db")], cwd=tmp_path, dialect=(MARIA_LIKE, "test"))
    result = lint(discovery, Config(root=tmp_path, select=("SL001", "SL301")))
    assert [seen(f, result.sources[f.path]) for f in result.findings] == [
        (
            "SL301",
            "db/2_c.sql",
            1,
            28,
            "Column `n` is added to `t` as NOT NULL without a default; existing rows silently "
            "get the type's implicit default",
        )
    ]
    # InnoDB names every primary key PRIMARY: the frontend drops the name the statement gives.
    (create,) = MARIA_LIKE.parse(result.sources["db/1_t.sql"], context=False)
    assert isinstance(create, ir.CreateTable)
    assert [(c.kind, c.name) for c in create.constraints] == [("primary_key", None)]
