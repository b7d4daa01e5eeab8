"""Rules see what the replay now follows: CREATE SCHEMA elements, drops with dependents."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

SCHEMA_BUNDLE = """\
create schema app
  create table accounts (id bigint primary key, name text not null)
  create table notes (id bigint primary key, account_id bigint not null references accounts (id));
"""


def test_sl201_reports_a_foreign_key_made_inside_create_schema(tmp_path: Path) -> None:
    seen, found = lint(tmp_path, [("m/1.sql", SCHEMA_BUNDLE)], ["SL201"])
    assert seen == [
        (
            "SL201",
            "m/1.sql",
            3,
            73,
            "Foreign key `account_id` on `app.notes` (referencing `app.accounts`) has no index",
        )
    ]
    # The fix goes after the whole CREATE SCHEMA statement, not into it.
    (finding,) = found
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    assert edit.span.start == SCHEMA_BUNDLE.index(";") + 1


def test_an_index_element_covers_the_foreign_key(tmp_path: Path) -> None:
    sql = SCHEMA_BUNDLE.replace(
        "(id));\n", "(id))\n  create index notes_account on notes (account_id);\n"
    )
    assert lint(tmp_path, [("m/1.sql", sql)], ["SL201"])[0] == []
