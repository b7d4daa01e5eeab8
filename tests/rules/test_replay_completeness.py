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
    # The fix is a new migration on the schema-qualified table, never an edit of the bundle.
    (finding,) = found
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    assert (edit.span.path, edit.span.start, edit.span.end) == (
        "m/2_index_notes_account_id_idx.sql",
        0,
        0,
    )
    assert edit.replacement.endswith(
        "CREATE INDEX CONCURRENTLY notes_account_id_idx ON app.notes (account_id);\n"
    )


def test_an_index_element_covers_the_foreign_key(tmp_path: Path) -> None:
    sql = SCHEMA_BUNDLE.replace(
        "(id));\n", "(id))\n  create index notes_account on notes (account_id);\n"
    )
    assert lint(tmp_path, [("m/1.sql", sql)], ["SL201"])[0] == []


POLICY_READS_OTHER_TABLE = """\
create table a (id int primary key, x int);
create table b (id int primary key);
alter table b enable row level security;
create policy b_read on b for select using (exists (select 1 from a where a.x = b.id));
"""


def test_sl103_after_drop_column_cascade_drops_the_policy_of_another_table(
    tmp_path: Path,
) -> None:
    # PostgreSQL: "drop cascades to policy b_read on table b": b keeps RLS and no policy.
    files = [
        ("m/1.sql", POLICY_READS_OTHER_TABLE),
        ("m/2.sql", "alter table a drop column x cascade;\n"),
    ]
    seen, _ = lint(tmp_path, files, ["SL103", "SL004"])
    # Reported at the statement that dropped the last policy (change attribution).
    assert seen == [
        (
            "SL103",
            "m/2.sql",
            1,
            1,
            "Table `b` enables row level security but has no policy",
        )
    ]


def test_sl004_drop_column_without_cascade_is_refused_and_not_applied(tmp_path: Path) -> None:
    files = [("m/1.sql", POLICY_READS_OTHER_TABLE), ("m/2.sql", "alter table a drop column x;\n")]
    seen, _ = lint(tmp_path, files, ["SL103", "SL004"])
    assert seen == [
        (
            "SL004",
            "m/2.sql",
            1,
            27,
            "PostgreSQL rejects this statement: cannot drop column x of table a because "
            "other objects depend on it (policy b_read on table b depends on column x of table a)",
        )
    ]


def test_sl004_drop_table_referenced_by_another_table(tmp_path: Path) -> None:
    files = [
        ("m/1.sql", "create table a (id int primary key);\n"
         "create table b (id int primary key, a_id int references a (id));\n"),
        ("m/2.sql", "drop table a;\n"),
    ]  # fmt: skip
    seen, _ = lint(tmp_path, files, ["SL004"])
    assert seen == [
        (
            "SL004",
            "m/2.sql",
            1,
            12,
            "PostgreSQL rejects this statement: cannot drop table a because other objects "
            "depend on it (constraint b_a_id_fkey on table b depends on table a)",
        )
    ]


PARTITIONED = """\
create table accounts (id bigint primary key);
create table events (id bigint, account_id bigint references accounts (id), at date not null,
                     primary key (id, at)) partition by range (at);
alter table events enable row level security;
create policy own on events for select using (account_id = 1);
create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
alter table accounts enable row level security;
create policy own on accounts for select using (id = 1);
"""


def test_partitions_sl201_once_on_the_parent_sl102_on_each_partition(tmp_path: Path) -> None:
    seen, found = lint(
        tmp_path,
        [("m/1.sql", PARTITIONED)],
        ["SL201", "SL102"],
        options={"SL102": {"exposed-schemas": ["public"]}},
    )
    assert seen == [
        (
            "SL201",
            "m/1.sql",
            2,
            51,
            "Foreign key `account_id` on `events` (referencing `accounts`) has no index",
        ),
        (
            "SL102",
            "m/1.sql",
            6,
            14,
            "Table `events_2024` is in the exposed schema `public` without row level security",
        ),
    ]
    assert found[1].help.endswith(
        "A partition has its own row level security: the setting and policies of `events` "
        "apply to queries through the parent only, and the API serves the partition as a "
        "table of its own."
    )


def test_an_index_on_the_parent_covers_its_partitions(tmp_path: Path) -> None:
    sql = PARTITIONED + "create index on events (account_id);\n"
    assert lint(tmp_path, [("m/1.sql", sql)], ["SL201"])[0] == []
