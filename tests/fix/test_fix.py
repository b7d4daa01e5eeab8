"""``schemalint fix``: SL201 cleared by NEW migrations in the stream's own layout and naming.

Each test runs ``fix`` through the command line on a history, pins the files it writes (name
and content), then checks convergence: ``check`` afterwards reports exactly the findings it
reported before minus the fixed ones (no SL501/SL502 on the new file), the history's files
are byte-for-byte unchanged, and a second ``fix`` changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from schemalint.cli import main
from trees import write_tree

Shown = tuple[str, str, int, int, str]

SUPABASE = "supabase/migrations"
RENAMED = {
    f"{SUPABASE}/20240101000000_init.sql": (
        "CREATE TABLE orgs (id bigint PRIMARY KEY);\n"
        "CREATE TABLE ideas (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs (id));\n"
        "-- a later index already holds the name PostgreSQL would pick\n"
        "CREATE INDEX posts_org_id_idx ON orgs (id);\n"
    ),
    f"{SUPABASE}/20240102000059_rename.sql": "ALTER TABLE ideas RENAME TO posts;\n",
}
RENAMED_FIX = f"{SUPABASE}/20240102000100_index_posts_org_id_idx1.sql"
RENAMED_SQL = (
    "-- schemalint fix (SL201): index the foreign key (org_id) of `posts`\n"
    "CREATE INDEX CONCURRENTLY posts_org_id_idx1 ON posts (org_id);\n"
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def check(*args: str) -> list[Shown]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args], catch_exceptions=False)
    return [
        (f["code"], f["path"], f["line"], f["column"], f["message"])
        for f in json.loads(result.stdout)["findings"]
    ]


def fix(*args: str) -> Result:
    return CliRunner().invoke(main, ["fix", *args], catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def converges(root: Path, written: dict[str, str]) -> None:
    """``fix`` writes exactly ``written``, leaves every other file as it was, clears every
    SL201 finding and adds none; a second ``fix`` changes nothing."""
    before_files = snapshot(root)
    before = check()
    assert any(code == "SL201" for code, *_ in before)
    result = fix()
    assert result.exit_code == 0, result.output
    after_files = snapshot(root)
    assert {k: v for k, v in after_files.items() if k not in written} == before_files
    assert {k: after_files[k].decode() for k in written} == written
    assert check() == [f for f in before if f[0] != "SL201"]
    again = fix()
    assert again.output == "schemalint: nothing to fix\n"
    assert snapshot(root) == after_files


def test_a_renamed_table_gets_its_index_under_its_current_name_and_a_free_index_name(
    here: Path,
) -> None:
    """Issue cases (a) rename and (c) name collision, and (d): no migration is edited."""
    write_tree(here, RENAMED)
    dry = fix("--dry-run")
    assert dry.exit_code == 0
    assert dry.output == f"schemalint: would write {RENAMED_FIX} (SL201)\n{RENAMED_SQL}"
    assert snapshot(here) == {k: v.encode() for k, v in RENAMED.items()}
    converges(here, {RENAMED_FIX: RENAMED_SQL})


def test_the_written_migration_applies_after_the_history_and_indexes_the_key(
    here: Path, postgres_any: object
) -> None:
    """Ground truth: the history and the new file replayed on PostgreSQL, one file after the
    other as one query string each (as the Supabase CLI sends a file); the key's column then
    leads an index of the renamed table."""
    from pgcluster import Cluster

    assert isinstance(postgres_any, Cluster)
    write_tree(here, RENAMED)
    assert fix().exit_code == 0
    database = "fix_renamed"
    postgres_any.create_database(database)
    for path in sorted((here / SUPABASE).iterdir()):
        # psql -c sends the whole text as one query string, like the runner.
        done = postgres_any.psql(database, "-c", path.read_text())
        assert done.returncode == 0, (path.name, done.stderr)
    leading = postgres_any.execute(
        database,
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
        "WHERE i.indrelid = 'posts'::regclass AND a.attname = 'org_id' AND i.indisvalid;",
    )
    assert leading.split() == ["posts_org_id_idx1"]
