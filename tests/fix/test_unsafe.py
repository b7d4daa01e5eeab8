"""``schemalint fix --unsafe-fixes``: change-rule findings (SL301, SL502, SL503, SL505, SL506,
SL507) rewritten in the migration being written (untracked or changed in git), never in a
committed one.

Each test runs ``fix`` through the command line in a real git repository, pins the output and
every file written, then checks convergence (``check`` afterwards reports what it reported
before minus the fixed findings, all rules included), that a second ``fix`` changes nothing,
and that SARIF ``fixes[]`` describe the same change. On PostgreSQL 15 and 18 the rewritten
history applies, the constraints end validated, the column NOT NULL, and the final
``SET NOT NULL`` does not scan the table; a UNIQUE constraint added USING its concurrent index,
and (on 18) a partitioned table's foreign key validated.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator

from schemalint.cli import main
from tests.fix.test_fix import SUPABASE, Shown, check, fix, here, snapshot
from tests.reporters.test_sarif import SCHEMA
from tests.trees import write_tree

if TYPE_CHECKING:
    from tests.pgcluster import Cluster

__all__ = ["here"]  # the fixture, for the tests below

INIT = f"{SUPABASE}/20240101000000_init.sql"
NEW = f"{SUPABASE}/20240201000000_constraints.sql"
SPLIT = f"{SUPABASE}/20240201000001_validate_constraints.sql"
HISTORY = {
    INIT: (
        "CREATE TABLE customers (id bigint PRIMARY KEY);\n"
        "CREATE TABLE orders (\n"
        "  id bigint PRIMARY KEY,\n"
        "  customer_id bigint,\n"
        "  total numeric DEFAULT 0,\n"
        "  status text DEFAULT 'new'\n"
        ");\n"
        "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n"
        "ALTER TABLE customers ENABLE ROW LEVEL SECURITY;\n"
        "ALTER TABLE orders ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY p ON customers FOR SELECT TO authenticated USING (true);\n"
        "CREATE POLICY p ON orders FOR SELECT TO authenticated USING (true);\n"
    ),
}
CONSTRAINTS = (
    "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) "
    "REFERENCES customers (id);\n"
    "ALTER TABLE orders ADD CHECK (total >= 0);\n"
    "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n"
    "COMMENT ON TABLE orders IS 'after the split';\n"
)
CONSTRAINTS_FIXED = (
    "SET LOCAL lock_timeout = '5s';\n"
    "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) "
    "REFERENCES customers (id) NOT VALID;\n"
    "ALTER TABLE orders ADD CHECK (total >= 0) NOT VALID;\n"
    "UPDATE orders SET status = DEFAULT WHERE status IS NULL;\n"
    "ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) "
    "NOT VALID;\n"
)
SPLIT_TEXT = (
    "SET lock_timeout = '5s';\n"
    "-- schemalint fix (SL503): in a transaction after the one that added them NOT VALID\n"
    "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;\n"
    "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n"
    "ALTER TABLE orders VALIDATE CONSTRAINT orders_status_not_null;\n"
    "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n"
    "ALTER TABLE orders DROP CONSTRAINT orders_status_not_null;\n"
    "COMMENT ON TABLE orders IS 'after the split';\n"
)
SPLIT_OUTPUT = (
    f"schemalint: edited {NEW}:1: SL507: `SET LOCAL lock_timeout = '5s';` before it\n"
    f"schemalint: edited {NEW}:1: SL503: add `orders_customer_fk` NOT VALID, then `ALTER TABLE "
    "orders VALIDATE CONSTRAINT orders_customer_fk;` in a later transaction\n"
    f"schemalint: edited {NEW}:2: SL503: add `orders_total_check` NOT VALID, then `ALTER TABLE "
    "orders VALIDATE CONSTRAINT orders_total_check;` in a later transaction\n"
    f"schemalint: edited {NEW}:3: SL301: backfill with the column's DEFAULT first: `UPDATE "
    "orders SET status = DEFAULT WHERE status IS NULL;`\n"
    f"schemalint: edited {NEW}:3: SL503: `ALTER TABLE orders ADD CONSTRAINT "
    "orders_status_not_null CHECK (status IS NOT NULL) NOT VALID`, then in a later "
    "transaction its VALIDATE, the `SET NOT NULL` (which the validated CHECK spares its scan) "
    "and the CHECK dropped\n"
    f"schemalint: wrote {SPLIT} (split from {NEW})\n"
)


def _git(root: Path, *args: str) -> None:
    import subprocess

    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def committed(root: Path, tree: dict[str, str]) -> None:
    """``tree`` committed in a new git repository at ``root``."""
    write_tree(root, tree)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "history")


def _applied(cluster: Cluster, database: str, here: Path) -> str:
    """``database``, new on ``cluster``, with the plain history's two migrations applied in
    order as psql runs them (statement by statement)."""
    cluster.create_database(database)
    for path in (PLAIN_INIT, PLAIN_NEW):
        cluster.execute(database, (here / path).read_text())
    return database


def converges(
    root: Path,
    written: dict[str, str],
    output: str,
    notes: str = "",
    again: str = "",
    kept: tuple[str, ...] = (),
) -> list[Shown]:
    """``fix --unsafe-fixes`` prints ``output`` + ``notes`` and writes exactly ``written``;
    ``check`` afterwards reports what it did before, but in the written files only findings
    of the ``kept`` codes (what the notes leave, suppressed ones), and a second run prints
    only the notes (``again``: as they read once lines moved). Returns the findings before."""
    before_files = snapshot(root)
    before = check()
    result = fix("--unsafe-fixes")
    assert result.exit_code == 0, result.output
    assert result.output == output + notes
    after_files = snapshot(root)
    assert {k: v for k, v in after_files.items() if k not in written} == {
        k: v for k, v in before_files.items() if k not in written
    }
    assert {k: after_files[k].decode() for k in written} == written
    left = [f for f in before if f[1] not in written]
    after = check()
    assert [f for f in after if f[1] not in written] == left
    assert [code for code, path, *_ in after if path in written] == list(kept)
    assert fix("--unsafe-fixes").output == (again or notes or "schemalint: nothing to fix\n")
    assert snapshot(root) == after_files
    return before


def test_a_new_migrations_constraints_are_added_not_valid_and_validated_in_a_new_file(
    here: Path,
) -> None:
    """The Supabase CLI runs each file in one transaction: the VALIDATEs (and the SET NOT NULL
    the validated CHECK then spares its scan) go in a new migration right after the edited
    one, with the statement that followed the split; the committed history is untouched."""
    committed(here, HISTORY)
    write_tree(here, {NEW: CONSTRAINTS})
    assert fix().output == "schemalint: nothing to fix\n"
    before = converges(here, {NEW: CONSTRAINTS_FIXED, SPLIT: SPLIT_TEXT}, SPLIT_OUTPUT)
    assert [(code, line, column) for code, path, line, column, _ in before if path == NEW] == [
        ("SL507", 1, 13),
        ("SL503", 1, 24),
        ("SL503", 2, 24),
        ("SL301", 3, 33),
        ("SL503", 3, 33),
    ]


def test_sarif_fixes_describe_the_edit_and_the_new_file_fix_writes(here: Path) -> None:
    """Each fixed finding's SARIF fix is the rewrite ``fix`` makes: one replacement in the
    edited migration and the new migration as an insertion into a new artifact; made on the
    files, they give what ``fix`` writes. The text `fix:` line says the same."""
    committed(here, HISTORY)
    write_tree(here, {NEW: CONSTRAINTS})
    sarif = CliRunner().invoke(main, ["check", "--format", "sarif"], catch_exceptions=False)
    document = json.loads(sarif.stdout)
    errors = Draft4Validator(SCHEMA).iter_errors(document)
    assert sorted(error.message for error in errors) == []
    results = document["runs"][0]["results"]
    fixes = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r["fixes"]
        for r in results
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == NEW
    }
    assert sorted(fixes) == [("SL301", 3), ("SL503", 1), ("SL503", 2), ("SL503", 3), ("SL507", 1)]
    for found in fixes.values():
        assert len(found) == 1
        changes = {
            c["artifactLocation"]["uri"]: c["replacements"] for c in found[0]["artifactChanges"]
        }
        assert sorted(changes) == [NEW, SPLIT]
        assert changes[SPLIT] == [
            {
                "deletedRegion": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1},
                "insertedContent": {"text": SPLIT_TEXT},
            }
        ]
        [replacement] = changes[NEW]
        assert _replaced(CONSTRAINTS, replacement) == CONSTRAINTS_FIXED
    # The text output's `fix:` lines say what `fix` reports it edits, finding by finding.
    text = CliRunner().invoke(main, ["check"], catch_exceptions=False).stdout
    edited = [line.split(": ", 3)[3] for line in SPLIT_OUTPUT.splitlines()[:-1]]
    assert [line for line in text.splitlines() if line.startswith("fix: ")] == [
        f"fix: With `schemalint fix --unsafe-fixes` (and the new migration `{SPLIT}`): {change}"
        for change in edited
    ]


def _replaced(text: str, replacement: dict[str, dict[str, object]]) -> str:
    """``text`` with a SARIF replacement made (1-based lines and columns)."""
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    region = replacement["deletedRegion"]

    def offset(line: object, column: object) -> int:
        assert isinstance(line, int) and isinstance(column, int)
        return starts[line - 1] + column - 1

    start = offset(region["startLine"], region["startColumn"])
    end = offset(region["endLine"], region["endColumn"])
    inserted = replacement["insertedContent"]["text"]
    assert isinstance(inserted, str)
    return text[:start] + inserted + text[end:]


def test_without_a_runner_transaction_the_validation_follows_in_the_same_file(
    here: Path,
) -> None:
    """psql runs each statement of a plain folder's file on its own (one session): the
    VALIDATE further down the same file is already a later transaction; one session `SET
    lock_timeout` at the top holds for every statement. A NOT NULL column added without a
    DEFAULT needs the user's value: noted, left."""
    init = "migrations/001_init.sql"
    new = "migrations/002_orders.sql"
    committed(
        here,
        {
            init: "CREATE TABLE orders (id bigint PRIMARY KEY, status text DEFAULT 'new', total int);\n"
        },
    )
    write_tree(
        here,
        {
            new: (
                "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n"
                "ALTER TABLE orders ADD CHECK (total > 0);\n"
                "ALTER TABLE orders ADD COLUMN n int NOT NULL;\n"
            )
        },
    )
    fixed = (
        "SET lock_timeout = '5s';\n"
        "UPDATE orders SET status = DEFAULT WHERE status IS NULL;\n"
        "ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) "
        "NOT VALID;\n"
        "ALTER TABLE orders ADD CHECK (total > 0) NOT VALID;\n"
        "-- schemalint fix (SL503): in a transaction after the one that added them NOT VALID\n"
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_status_not_null;\n"
        "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n"
        "ALTER TABLE orders DROP CONSTRAINT orders_status_not_null;\n"
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n"
        "ALTER TABLE orders ADD COLUMN n int NOT NULL;\n"
    )
    output = (
        f"schemalint: edited {new}:1: SL507: `SET lock_timeout = '5s';` before it\n"
        f"schemalint: edited {new}:1: SL301: backfill with the column's DEFAULT first: `UPDATE "
        "orders SET status = DEFAULT WHERE status IS NULL;`\n"
        f"schemalint: edited {new}:1: SL503: `ALTER TABLE orders ADD CONSTRAINT "
        "orders_status_not_null CHECK (status IS NOT NULL) NOT VALID`, then in a later "
        "transaction its VALIDATE, the `SET NOT NULL` (which the validated CHECK spares its "
        "scan) and the CHECK dropped\n"
        f"schemalint: edited {new}:2: SL507: the `SET lock_timeout = '5s';` inserted before "
        "line 1 holds here\n"
        f"schemalint: edited {new}:2: SL503: add `orders_total_check` NOT VALID, then `ALTER "
        "TABLE orders VALIDATE CONSTRAINT orders_total_check;` in a later transaction\n"
        f"schemalint: edited {new}:3: SL507: the `SET lock_timeout = '5s';` inserted before "
        "line 1 holds here\n"
    )
    notes = (
        f"schemalint: {new}:3: SL301 not fixed, needs your input: a DEFAULT for the new column, "
        "or the value to backfill it with\n"
    )
    converges(here, {new: fixed}, output, notes, notes.replace(":3:", ":10:"), ("SL301",))
    assert check()[-1] == (
        "SL301",
        new,
        10,
        31,
        "Column `n` is added to `orders` as NOT NULL without a default",
    )


ROWS = (
    "INSERT INTO customers VALUES (1), (2);\n"
    "INSERT INTO orders (id, customer_id, total, status) VALUES "
    "(1, 1, 10, 'paid'), (2, 2, 0, NULL), (3, NULL, 5, NULL);\n"
)


def test_the_rewritten_migration_and_its_split_apply_and_validate_on_postgresql(
    here: Path, postgres_any: object
) -> None:
    """Ground truth: the history, rows (two with a NULL status), then the rewritten migration
    and the new one, each as one query string as the Supabase CLI sends a file. Both
    constraints end validated, the NULL rows hold the DEFAULT, the column is NOT NULL and the
    helper CHECK is gone. Measured apart: the SET NOT NULL scans the table while the CHECK is
    NOT VALID, and no longer once it is validated."""
    from tests.pgcluster import SUPABASE_STUB, Cluster
    from tests.pgoracle import scans

    assert isinstance(postgres_any, Cluster)
    committed(here, HISTORY)
    write_tree(here, {NEW: CONSTRAINTS})
    assert fix("--unsafe-fixes").output == SPLIT_OUTPUT
    files = [(here / path).read_text() for path in (INIT, NEW, SPLIT)]
    for database in ("unsafe_fix_deploy", "unsafe_fix_scan"):
        postgres_any.create_database(database, SUPABASE_STUB)
        for number, text in enumerate(files[:2]):
            done = postgres_any.psql(database, "-c", text)
            assert done.returncode == 0, done.stderr
            if number == 0:
                postgres_any.execute(database, ROWS)
    done = postgres_any.psql("unsafe_fix_deploy", "-c", files[2])
    assert done.returncode == 0, done.stderr
    state = postgres_any.execute(
        "unsafe_fix_deploy",
        "SELECT conname || ':' || convalidated FROM pg_constraint "
        "WHERE conrelid = 'orders'::regclass AND contype IN ('c', 'f') ORDER BY conname;\n"
        "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass "
        "AND attname = 'status';\n"
        "SELECT string_agg(status, ',' ORDER BY id) FROM orders;\n"
        "SELECT obj_description('orders'::regclass);",
    )
    assert state.split("\n")[:-1] == [
        "orders_customer_fk:true",
        "orders_total_check:true",
        "t",
        "paid,new,new",
        "after the split",
    ]
    set_not_null = "ALTER TABLE orders ALTER COLUMN status SET NOT NULL"
    assert scans(postgres_any, "unsafe_fix_scan", set_not_null, "orders")
    postgres_any.execute(
        "unsafe_fix_scan", "ALTER TABLE orders VALIDATE CONSTRAINT orders_status_not_null;"
    )
    assert not scans(postgres_any, "unsafe_fix_scan", set_not_null, "orders")


PLAIN_INIT = "migrations/001_init.sql"
PLAIN_NEW = "migrations/002_keys.sql"
PLAIN = {
    PLAIN_INIT: "CREATE TABLE orders (id bigint PRIMARY KEY, status text DEFAULT 'new', total int);\n"
}
KEYS = (
    "ALTER TABLE orders ADD CONSTRAINT orders_status_key UNIQUE (status);\n"
    "ALTER TABLE orders ADD UNIQUE (total, id);\n"
    "ALTER TABLE orders ALTER COLUMN total TYPE bigint;\n"
)
KEYS_FIXED = (
    "SET lock_timeout = '5s';\n"
    "CREATE UNIQUE INDEX CONCURRENTLY orders_status_key ON orders (status);\n"
    "ALTER TABLE orders ADD CONSTRAINT orders_status_key UNIQUE USING INDEX orders_status_key;\n"
    "CREATE UNIQUE INDEX CONCURRENTLY orders_total_id_key ON orders (total, id);\n"
    "ALTER TABLE orders ADD CONSTRAINT orders_total_id_key UNIQUE USING INDEX "
    "orders_total_id_key;\n"
    "ALTER TABLE orders ALTER COLUMN total TYPE bigint;\n"
)


def test_a_unique_constraint_is_built_concurrently_and_added_using_the_index(
    here: Path,
) -> None:
    """SL506 under psql (each statement on its own): the unique index CONCURRENTLY, then the
    constraint USING it; SL505's type change has no in-place form and says what to do."""
    committed(here, PLAIN)
    write_tree(here, {PLAIN_NEW: KEYS})
    holds = "the `SET lock_timeout = '5s';` inserted before line 1 holds here"
    output = (
        f"schemalint: edited {PLAIN_NEW}:1: SL507: `SET lock_timeout = '5s';` before it\n"
        f"schemalint: edited {PLAIN_NEW}:1: SL506: `CREATE UNIQUE INDEX CONCURRENTLY "
        "orders_status_key ON orders (status);` then `ALTER TABLE orders ADD CONSTRAINT "
        "orders_status_key UNIQUE USING INDEX orders_status_key;`\n"
        f"schemalint: edited {PLAIN_NEW}:2: SL507: {holds}\n"
        f"schemalint: edited {PLAIN_NEW}:2: SL506: `CREATE UNIQUE INDEX CONCURRENTLY "
        "orders_total_id_key ON orders (total, id);` then `ALTER TABLE orders ADD CONSTRAINT "
        "orders_total_id_key UNIQUE USING INDEX orders_total_id_key;`\n"
        f"schemalint: edited {PLAIN_NEW}:3: SL507: {holds}\n"
    )
    notes = (
        f"schemalint: {PLAIN_NEW}:3: SL505 not fixed, needs your input: no in-place form: add "
        "a column of the new type, backfill it in batches, move the application over, then "
        "drop the old one\n"
    )
    converges(here, {PLAIN_NEW: KEYS_FIXED}, output, notes, notes.replace(":3:", ":6:"), ("SL505",))


def test_the_unique_constraint_rewrite_applies_on_postgresql(
    here: Path, postgres_any: object
) -> None:
    """Ground truth: psql runs the rewritten file statement by statement; both constraints
    exist as UNIQUE constraints over valid indexes of the same names."""
    from tests.pgcluster import Cluster

    assert isinstance(postgres_any, Cluster)
    committed(here, PLAIN)
    write_tree(here, {PLAIN_NEW: KEYS})
    assert fix("--unsafe-fixes").exit_code == 0
    database = _applied(postgres_any, "unsafe_fix_unique", here)
    state = postgres_any.execute(
        database,
        "SELECT c.conname || ':' || c.contype::text || ':' || i.indisvalid FROM pg_constraint c "
        "JOIN pg_index i ON i.indexrelid = c.conindid "
        "WHERE c.conrelid = 'orders'::regclass AND c.contype = 'u' ORDER BY c.conname;",
    )
    assert state.split() == ["orders_status_key:u:true", "orders_total_id_key:u:true"]


def test_committed_migrations_are_never_edited(here: Path) -> None:
    """The same findings in a committed migration: each noted, the file untouched."""
    committed(here, {**HISTORY, NEW: "ALTER TABLE orders ADD CHECK (total >= 0);\n"})
    before = snapshot(here)
    committed_note = (
        "not fixed: the migration is committed (or git cannot say it is not), and may be "
        "deployed: make the change in a new migration\n"
    )
    assert fix("--unsafe-fixes").output == (
        f"schemalint: {NEW}:1: SL507 {committed_note}schemalint: {NEW}:1: SL503 {committed_note}"
    )
    assert snapshot(here) == before
    sarif = CliRunner().invoke(main, ["check", "--format", "sarif"], catch_exceptions=False)
    assert [
        (r["ruleId"], "fixes" in r) for r in json.loads(sarif.stdout)["runs"][0]["results"]
    ] == [("SL101", False), ("SL101", False), ("SL507", False), ("SL503", False)]


def test_a_rewrite_that_would_not_converge_is_not_made(here: Path) -> None:
    """psql runs the file's own `BEGIN` ... `COMMIT` as one transaction block: CONCURRENTLY
    there would fail (SL501), so the file is left as it is and the note says why."""
    committed(here, PLAIN)
    text = "BEGIN;\nCREATE INDEX orders_total_idx ON orders (total);\nCOMMIT;\n"
    write_tree(here, {PLAIN_NEW: text})
    assert [f for f in check() if f[1] == PLAIN_NEW] == [
        (
            "SL502",
            PLAIN_NEW,
            2,
            1,
            "`CREATE INDEX` without `CONCURRENTLY` blocks writes to `orders` while the index "
            "builds",
        )
    ]
    before = snapshot(here)
    assert fix("--unsafe-fixes").output == (
        f"schemalint: {PLAIN_NEW}: SL502 not fixed: the rewrite would leave or add SL501: "
        "`CREATE INDEX CONCURRENTLY` cannot run inside a transaction block, and here the "
        "file's own `BEGIN` opens a transaction block around it\n"
    )
    assert snapshot(here) == before


def test_the_lock_timeout_is_made_where_the_validation_cannot_be_placed(here: Path) -> None:
    """The next migration already holds the version right after the edited one, and the
    Supabase CLI runs the file in one transaction: VALIDATE further down the same file would
    gain nothing (SL504), so SL503 is noted; the lock timeout is made, above the suppression
    comment, which keeps its statement. Once the version is free, SL503's split is made."""
    committed(here, HISTORY)
    text = (
        "-- schemalint-ignore SL505: orders is small\n"
        "ALTER TABLE orders ALTER COLUMN total TYPE bigint;\n"
        "ALTER TABLE orders ADD CHECK (total >= 0);\n"
    )
    after = f"{SUPABASE}/20240201000001_next.sql"
    write_tree(here, {NEW: text, after: "COMMENT ON TABLE orders IS 'next';\n"})
    # SL505 is there, suppressed.
    assert [(code, line) for code, path, line, *_ in check() if path == NEW] == [
        ("SL507", 2),
        ("SL505", 2),
        ("SL503", 3),
    ]
    output = f"schemalint: edited {NEW}:2: SL507: `SET LOCAL lock_timeout = '5s';` before it\n"
    notes = (
        f"schemalint: {NEW}: SL503 not fixed: the VALIDATE needs a transaction after "
        "this file's, and no new migration can follow it (the next version is taken, or the "
        "cut would fall inside a `-- +goose StatementBegin` block): write the VALIDATE into a "
        "migration of its own\n"
    )
    timed = "SET LOCAL lock_timeout = '5s';\n" + text
    converges(here, {NEW: timed}, output, notes, kept=("SL505", "SL503"))
    (here / after).unlink()
    assert fix("--unsafe-fixes").exit_code == 0
    assert (here / NEW).read_text() == timed.replace("0);", "0) NOT VALID;")
    assert (here / SPLIT).read_text() == (
        "SET lock_timeout = '5s';\n"
        "-- schemalint fix (SL503): in a transaction after the one that added it NOT VALID\n"
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n"
    )


def test_a_new_migration_for_schema_findings_waits_for_the_split_before_it(here: Path) -> None:
    """The key added by the new migration is unindexed (SL201: a new migration after the
    latest) and blocks (SL503: a split right after the edited one): both would take the same
    version, so the index's migration is written by the next `fix`, after the split."""
    history = {
        INIT: HISTORY[INIT].replace(
            "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n", ""
        )
    }
    committed(here, history)
    write_tree(
        here,
        {
            NEW: "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) "
            "REFERENCES customers (id);\n"
        },
    )
    index = f"{SUPABASE}/20240201000001_index_orders_customer_id_idx.sql"
    assert fix("--unsafe-fixes").output == (
        f"schemalint: edited {NEW}:1: SL507: `SET LOCAL lock_timeout = '5s';` before it\n"
        f"schemalint: edited {NEW}:1: SL503: add `orders_customer_fk` NOT VALID, then `ALTER "
        "TABLE orders VALIDATE CONSTRAINT orders_customer_fk;` in a later transaction\n"
        f"schemalint: wrote {SPLIT} (split from {NEW})\n"
        f"schemalint: {index}: not written yet: the in-place fix's new migration takes its "
        "version; run `schemalint fix` again to write it after that one\n"
    )
    assert not (here / index).exists()
    later = f"{SUPABASE}/20240201000002_index_orders_customer_id_idx.sql"
    assert fix("--unsafe-fixes").output == f"schemalint: wrote {later} (SL201)\n"
    assert (here / later).read_text() == (
        "-- schemalint fix (SL201): index the foreign key (customer_id) of `orders`\n"
        "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\n"
    )
    assert [code for code, *_ in check()] == ["SL101", "SL101"]  # no tenant column: not ours
    assert fix("--unsafe-fixes").output == "schemalint: nothing to fix\n"


def test_prisma_gets_its_split_as_the_next_migration_folder(here: Path) -> None:
    """Prisma Migrate sends `migration.sql` as one query string: one statement runs alone,
    but with the inserted SET there are several, one implicit transaction block, so the SET is
    LOCAL; the VALIDATE goes into the next migration folder."""
    init = "prisma/migrations/20240101000000_init/migration.sql"
    new = "prisma/migrations/20240201000000_status/migration.sql"
    split = "prisma/migrations/20240201000001_validate_constraints/migration.sql"
    committed(
        here,
        {
            "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
            init: 'CREATE TABLE "orders" ("id" BIGINT PRIMARY KEY, "status" TEXT DEFAULT \'new\');\n',
        },
    )
    write_tree(here, {new: 'ALTER TABLE "orders" ALTER COLUMN "status" SET NOT NULL;\n'})
    output = (
        f"schemalint: edited {new}:1: SL507: `SET LOCAL lock_timeout = '5s';` before it\n"
        f"schemalint: edited {new}:1: SL301: backfill with the column's DEFAULT first: `UPDATE "
        "orders SET status = DEFAULT WHERE status IS NULL;`\n"
        f"schemalint: edited {new}:1: SL503: `ALTER TABLE orders ADD CONSTRAINT "
        "orders_status_not_null CHECK (status IS NOT NULL) NOT VALID`, then in a later "
        "transaction its VALIDATE, the `SET NOT NULL` (which the validated CHECK spares its "
        "scan) and the CHECK dropped\n"
        f"schemalint: wrote {split} (split from {new})\n"
    )
    written = {
        new: (
            "SET LOCAL lock_timeout = '5s';\n"
            "UPDATE orders SET status = DEFAULT WHERE status IS NULL;\n"
            "ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) "
            "NOT VALID;\n"
        ),
        split: (
            "SET lock_timeout = '5s';\n"
            "-- schemalint fix (SL503): in a transaction after the one that added it NOT VALID\n"
            "ALTER TABLE orders VALIDATE CONSTRAINT orders_status_not_null;\n"
            "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n"
            "ALTER TABLE orders DROP CONSTRAINT orders_status_not_null;\n"
        ),
    }
    converges(here, written, output)


GOOSE_INIT = "db/migrations/00001_init.sql"
GOOSE_NEW = "db/migrations/00002_check.sql"
GOOSE = {
    GOOSE_INIT: (
        "-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, total int);\n"
        "-- +goose Down\nDROP TABLE orders;\n"
    )
}
GOOSE_CHECK = "ALTER TABLE orders ADD CHECK (total > 0);\n-- +goose Down\nSELECT 1;\n"


def test_goose_without_a_transaction_validates_in_the_same_file_and_asks_for_the_role(
    here: Path,
) -> None:
    """goose's `NO TRANSACTION` runs each statement on its own, on pooled connections: the
    VALIDATE follows in the same file (no SET there, it would not hold), and the lock
    timeout needs the user (set on the role)."""
    committed(here, GOOSE)
    write_tree(here, {GOOSE_NEW: "-- +goose NO TRANSACTION\n-- +goose Up\n" + GOOSE_CHECK})
    fixed = (
        "-- +goose NO TRANSACTION\n-- +goose Up\n"
        "ALTER TABLE orders ADD CHECK (total > 0) NOT VALID;\n"
        "-- schemalint fix (SL503): in a transaction after the one that added it NOT VALID\n"
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n"
        "-- +goose Down\nSELECT 1;\n"
    )
    output = (
        f"schemalint: edited {GOOSE_NEW}:3: SL503: add `orders_total_check` NOT VALID, then "
        "`ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;` in a later transaction\n"
    )
    notes = (
        f"schemalint: {GOOSE_NEW}:3: SL507 not fixed, needs your input: goose may run each "
        "statement of this file on another connection, where a `SET` does not hold: set "
        "`lock_timeout` for the role that runs migrations\n"
    )
    converges(here, {GOOSE_NEW: fixed}, output, notes, kept=("SL507",))


GOOSE_SPLIT = "db/migrations/00003_validate_constraints.sql"


def test_goose_in_a_transaction_gets_its_split_in_goose_sections(here: Path) -> None:
    """goose runs the file's Up section in one transaction: the VALIDATE goes to a new
    migration right after it, written with goose's own sections (an empty Down); the edited
    file keeps its Down section, which still undoes what moved."""
    committed(here, GOOSE)
    write_tree(
        here,
        {
            GOOSE_NEW: "-- +goose Up\nALTER TABLE orders ADD CHECK (total > 0);\n"
            "COMMENT ON TABLE orders IS 'after the split';\n\n"
            "-- +goose Down\nCOMMENT ON TABLE orders IS NULL;\n"
        },
    )
    fixed = (
        "-- +goose Up\nSET LOCAL lock_timeout = '5s';\n"
        "ALTER TABLE orders ADD CHECK (total > 0) NOT VALID;\n"
        "-- +goose Down\nCOMMENT ON TABLE orders IS NULL;\n"
    )
    split = (
        "-- +goose Up\nSET lock_timeout = '5s';\n"
        "-- schemalint fix (SL503): in a transaction after the one that added it NOT VALID\n"
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n"
        "COMMENT ON TABLE orders IS 'after the split';\n\n-- +goose Down\n"
    )
    output = (
        f"schemalint: edited {GOOSE_NEW}:2: SL507: `SET LOCAL lock_timeout = '5s';` before it\n"
        f"schemalint: edited {GOOSE_NEW}:2: SL503: add `orders_total_check` NOT VALID, then "
        "`ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;` in a later transaction\n"
        f"schemalint: wrote {GOOSE_SPLIT} (split from {GOOSE_NEW})\n"
    )
    converges(here, {GOOSE_NEW: fixed, GOOSE_SPLIT: split}, output)


def test_goose_keeps_a_statement_block_whole(here: Path) -> None:
    """A cut inside goose's `StatementBegin` ... `StatementEnd` would leave each file half a
    block: no split; the VALIDATE cannot be placed (noted), the lock timeout is made."""
    committed(here, GOOSE)
    text = (
        "-- +goose Up\n-- +goose StatementBegin\nALTER TABLE orders ADD CHECK (total > 0);\n"
        "SELECT 1;\n-- +goose StatementEnd\n-- +goose Down\nSELECT 1;\n"
    )
    write_tree(here, {GOOSE_NEW: text})
    fixed = text.replace("ALTER", "SET LOCAL lock_timeout = '5s';\nALTER", 1)
    output = (
        f"schemalint: edited {GOOSE_NEW}:3: SL507: `SET LOCAL lock_timeout = '5s';` before it\n"
    )
    notes = (
        f"schemalint: {GOOSE_NEW}: SL503 not fixed: the VALIDATE needs a transaction after "
        "this file's, and no new migration can follow it (the next version is taken, or the "
        "cut would fall inside a `-- +goose StatementBegin` block): write the VALIDATE into a "
        "migration of its own\n"
    )
    converges(here, {GOOSE_NEW: fixed}, output, notes, kept=("SL503",))


DBMATE_INIT = "db/migrations/20240101000000_orders.sql"
DBMATE_NEW = "db/migrations/20240201000000_customer_fk.sql"
DBMATE_SPLIT = "db/migrations/20240201000001_validate_constraints.sql"


def test_dbmate_gets_its_split_in_dbmate_sections_and_dbmate_applies_it(
    here: Path, postgres_any: object
) -> None:
    """SL504 (the rule page's dbmate example, with rows): the VALIDATE moves to a new dbmate
    migration, in dbmate's sections. The real dbmate (npm) applies both on PostgreSQL 15 and
    18: the key ends validated, both versions recorded; then rolls the split back."""
    from tests.pgcluster import Cluster
    from tests.runners.test_runners import _run, _runner

    assert isinstance(postgres_any, Cluster)
    dbmate = _runner("dbmate")
    committed(
        here,
        {
            DBMATE_INIT: "-- migrate:up\nCREATE TABLE customers (id bigint PRIMARY KEY);\n"
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);\n"
            "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n"
            "INSERT INTO customers VALUES (1);\nINSERT INTO orders VALUES (1, 1);\n\n"
            "-- migrate:down\nDROP TABLE orders;\nDROP TABLE customers;\n"
        },
    )
    added = (
        "ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey\n"
        "  FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n"
    )
    write_tree(
        here,
        {
            DBMATE_NEW: f"-- migrate:up\n{added}"
            "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;\n\n"
            "-- migrate:down\nALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;\n"
        },
    )
    fixed = (
        f"-- migrate:up\nSET LOCAL lock_timeout = '5s';\n{added}"
        "-- migrate:down\nALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;\n"
    )
    split = (
        "-- migrate:up\nSET lock_timeout = '5s';\n"
        "-- schemalint fix (SL504): in a transaction after the one that added it NOT VALID\n"
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;\n\n-- migrate:down\n"
    )
    output = (
        f"schemalint: edited {DBMATE_NEW}:2: SL507: `SET LOCAL lock_timeout = '5s';` before it\n"
        f"schemalint: edited {DBMATE_NEW}:4: SL504: `ALTER TABLE orders VALIDATE CONSTRAINT "
        "orders_customer_id_fkey;` moved to a later transaction\n"
        f"schemalint: wrote {DBMATE_SPLIT} (split from {DBMATE_NEW})\n"
    )
    converges(here, {DBMATE_NEW: fixed, DBMATE_SPLIT: split}, output)
    database = f"unsafe_fix_dbmate_{postgres_any.major_version}"
    postgres_any.create_database(database)
    url = f"postgres://postgres@/{database}?socket={postgres_any.socket_dir}&sslmode=disable"
    done = _run([dbmate, "--url", url, "--no-dump-schema", "up"], here)
    assert done.returncode == 0, done.stderr
    state = (
        "SELECT string_agg(version, ',' ORDER BY version) FROM schema_migrations;\n"
        "SELECT conname || ':' || convalidated FROM pg_constraint WHERE contype = 'f';\n"
    )
    assert postgres_any.execute(database, state) == (
        "20240101000000,20240201000000,20240201000001\norders_customer_id_fkey:true\n"
    )
    done = _run([dbmate, "--url", url, "--no-dump-schema", "rollback"], here)
    assert done.returncode == 0, done.stderr
    assert postgres_any.execute(database, state) == (
        "20240101000000,20240201000000\norders_customer_id_fkey:true\n"
    )


def test_drizzle_batches_the_deploy_so_the_validation_waits_for_a_later_one(here: Path) -> None:
    """drizzle-kit runs every pending migration in one transaction: no file of this deploy
    is a later transaction, so SL503 is noted; the lock timeout is made."""
    from tests.fix.test_fix import DRIZZLE_JOURNAL

    root = "drizzle"
    committed(
        here,
        {
            f"{root}/meta/_journal.json": DRIZZLE_JOURNAL,
            f"{root}/0000_init.sql": 'CREATE TABLE "orders" ("id" bigint PRIMARY KEY, "total" int);\n',
        },
    )
    journal = DRIZZLE_JOURNAL.replace(
        '      "breakpoints": true\n    }\n',
        '      "breakpoints": true\n    },\n'
        '    {\n      "idx": 1,\n      "version": "7",\n      "when": 1717000001000,\n'
        '      "tag": "0001_check",\n      "breakpoints": true\n    }\n',
    )
    new = f"{root}/0001_check.sql"
    write_tree(
        here,
        {
            f"{root}/meta/_journal.json": journal,
            new: 'ALTER TABLE "orders" ADD CHECK ("total" > 0);\n',
        },
    )
    output = f"schemalint: edited {new}:1: SL507: `SET LOCAL lock_timeout = '5s';` before it\n"
    notes = (
        f"schemalint: {new}: SL503 not fixed: the VALIDATE needs a transaction after this "
        "file's, and drizzle-kit runs every pending migration in one transaction: VALIDATE in a "
        "migration of a later deploy\n"
    )
    fixed = "SET LOCAL lock_timeout = '5s';\n" + 'ALTER TABLE "orders" ADD CHECK ("total" > 0);\n'
    converges(here, {new: fixed}, output, notes, kept=("SL503",))


PARTITIONED = {
    PLAIN_INIT: (
        "CREATE TABLE customers (id bigint PRIMARY KEY);\n"
        "CREATE TABLE events (id bigint, customer_id bigint, PRIMARY KEY (id, customer_id)) "
        "PARTITION BY HASH (customer_id);\n"
        "CREATE TABLE events_0 PARTITION OF events FOR VALUES WITH (MODULUS 1, REMAINDER 0);\n"
        "CREATE INDEX events_customer_id_idx ON events (customer_id);\n"
    )
}
EVENTS_FK = (
    "ALTER TABLE events ADD CONSTRAINT events_customer_fk FOREIGN KEY (customer_id) "
    "REFERENCES customers (id);\n"
)


def test_a_partitioned_tables_foreign_key_is_made_not_valid_only_on_postgresql_18(
    here: Path, postgres_wheel: object
) -> None:
    """PostgreSQL 15 refuses `NOT VALID` for a foreign key of a partitioned table, 18 takes
    it (measured here on the wheel's 18): without a version nothing is edited; with
    `postgres-version: 18` the key is added NOT VALID and validated after, and applies."""
    from tests.pgcluster import Cluster

    assert isinstance(postgres_wheel, Cluster)
    committed(here, PARTITIONED)
    write_tree(here, {PLAIN_NEW: "SET lock_timeout = '5s';\n" + EVENTS_FK})
    assert fix("--unsafe-fixes").output == (
        f"schemalint: {PLAIN_NEW}:2: SL503 not fixed: before PostgreSQL 18 a foreign key cannot "
        "be added NOT VALID to a partitioned table (set `postgres-version` if yours is 18 or "
        "later)\n"
    )
    write_tree(here, {".schemalint.yaml": "postgres-version: 18\n"})
    assert fix("--unsafe-fixes").exit_code == 0
    assert (here / PLAIN_NEW).read_text() == (
        "SET lock_timeout = '5s';\n"
        + EVENTS_FK.replace("(id);", "(id) NOT VALID;")
        + "-- schemalint fix (SL503): in a transaction after the one that added it NOT VALID\n"
        "ALTER TABLE events VALIDATE CONSTRAINT events_customer_fk;\n"
    )
    database = _applied(postgres_wheel, "unsafe_fix_partitioned", here)
    validated = postgres_wheel.execute(
        database,
        "SELECT convalidated FROM pg_constraint WHERE conname = 'events_customer_fk' "
        "AND conrelid = 'events'::regclass;",
    )
    assert validated.split() == ["t"]


UNSAFE_INIT = f"{SUPABASE}/20240101000000_init.sql"
UNSAFE_COMMITTED = f"{SUPABASE}/20240102000000_committed.sql"
UNSAFE_NEW = f"{SUPABASE}/20240103000000_new.sql"
UNSAFE = {
    UNSAFE_INIT: (
        "CREATE TABLE t (id bigint PRIMARY KEY, a int);\n"
        "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY p ON t FOR SELECT TO authenticated USING (true);\n"
    ),
    UNSAFE_COMMITTED: "CREATE INDEX t_a_idx ON t (a);\n",
}
COMMITTED_NOTE = (
    f"schemalint: {UNSAFE_COMMITTED}:1: SL502 not fixed: the migration is committed (or git "
    "cannot say it is not), and may be deployed: build the index in a new migration\n"
)


def test_unsafe_fixes_make_the_uncommitted_migrations_index_concurrent_and_leave_history(
    here: Path,
) -> None:
    """Only behind --unsafe-fixes, only in the untracked migration: its two CREATE INDEX get
    CONCURRENTLY (the Supabase CLI runs each on its own: no SL501 follows); the committed
    migration's SL502 is noted and its file untouched. A second run changes nothing."""
    committed(here, UNSAFE)
    write_tree(
        here,
        {
            UNSAFE_NEW: "CREATE INDEX t_id_a_idx ON t (id, a);\nCREATE UNIQUE INDEX t_a_key ON t (a);\n"
        },
    )
    before = snapshot(here)
    assert fix().output == "schemalint: nothing to fix\n"
    assert snapshot(here) == before
    result = fix("--unsafe-fixes")
    assert result.output == (
        f"schemalint: edited {UNSAFE_NEW}:1: SL502: `CREATE INDEX CONCURRENTLY`\n"
        f"schemalint: edited {UNSAFE_NEW}:2: SL502: `CREATE UNIQUE INDEX CONCURRENTLY`\n"
        + COMMITTED_NOTE
    )
    assert (here / UNSAFE_NEW).read_text() == (
        "CREATE INDEX CONCURRENTLY t_id_a_idx ON t (id, a);\n"
        "CREATE UNIQUE INDEX CONCURRENTLY t_a_key ON t (a);\n"
    )
    assert {k: v for k, v in snapshot(here).items() if k != UNSAFE_NEW} == {
        k: v for k, v in before.items() if k != UNSAFE_NEW
    }
    assert [f for f in check() if f[0].startswith("SL5")] == [
        (
            "SL502",
            UNSAFE_COMMITTED,
            1,
            1,
            "`CREATE INDEX` without `CONCURRENTLY` blocks writes to `t` while the index builds",
        )
    ]
    assert fix("--unsafe-fixes").output == COMMITTED_NOTE


def test_unsafe_fixes_edit_a_committed_migration_only_once_it_is_modified(here: Path) -> None:
    """A migration changed against HEAD is the one being written; outside git nothing can be
    shown to be uncommitted, so nothing is edited."""
    write_tree(here, UNSAFE)
    assert fix("--unsafe-fixes").output == COMMITTED_NOTE
    committed(here, UNSAFE)
    (here / UNSAFE_COMMITTED).write_text("CREATE INDEX t_a_idx ON t (a);\n-- reviewed\n")
    assert fix("--unsafe-fixes").output == (
        f"schemalint: edited {UNSAFE_COMMITTED}:1: SL502: `CREATE INDEX CONCURRENTLY`\n"
    )


def test_unsafe_fixes_leave_an_index_the_runner_would_run_in_a_transaction(here: Path) -> None:
    """Supabase CLI before 2.109 runs the file in one transaction: CONCURRENTLY would fail
    there (SL501), so the migration is left as it is, with the runner's advice."""
    committed(here, UNSAFE)
    new = {UNSAFE_NEW: "CREATE INDEX t_id_a_idx ON t (id, a);\n"}
    write_tree(here, {**new, ".schemalint.yaml": 'runner-version: "2.108.0"\n'})
    before = snapshot(here)
    assert fix("--unsafe-fixes").output == COMMITTED_NOTE + (
        f"schemalint: {UNSAFE_NEW}:1: SL502 not fixed: The Supabase CLI always runs it inside a "
        "transaction: run `CREATE INDEX CONCURRENTLY t_id_a_idx ON t (id, a)` out of band (with "
        "psql, before the deploy).\n"
    )
    assert snapshot(here) == before


def test_check_shows_in_place_fixes_for_a_few_files_and_fix_makes_them_all(here: Path) -> None:
    """Each rewritten file costs `check` a lint of the history, so beyond eight uncommitted
    migrations `check` shows no in-place fix (SARIF, `fix:` line); `fix` makes them all."""
    from schemalint.fix.unsafe import CHECK_PLANS_AT_MOST

    committed(here, PLAIN)
    count = CHECK_PLANS_AT_MOST + 1
    new = {
        f"migrations/{n:03}_c{n}.sql": f"ALTER TABLE orders ADD COLUMN c{n} int;\n"
        for n in range(2, count + 2)
    }
    write_tree(here, new)
    sarif = CliRunner().invoke(main, ["check", "--format", "sarif"], catch_exceptions=False)
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    assert [(r["ruleId"], "fixes" in r) for r in results if r["ruleId"] == "SL507"] == [
        ("SL507", False)
    ] * count
    output = fix("--unsafe-fixes").output
    assert output == "".join(
        f"schemalint: edited {path}:1: SL507: `SET lock_timeout = '5s';` before it\n"
        for path in new
    )
    assert {path: (here / path).read_text() for path in new} == {
        path: "SET lock_timeout = '5s';\n" + text for path, text in new.items()
    }
    assert [code for code, path, *_ in check() if path in new] == []


def test_a_concurrent_build_past_its_lock_timeout_leaves_an_invalid_index(
    postgres_any: object,
) -> None:
    """Ground truth for the pages' caveat: where a session `SET lock_timeout` (the SL507 fix
    under psql) holds at a `CREATE UNIQUE INDEX CONCURRENTLY` (the SL502/SL506 fixes), a build
    that waits for a writer longer than the timeout fails (55P03) and leaves the index INVALID,
    so the migration cannot simply run again."""
    import subprocess
    import time

    from tests.pgcluster import Cluster

    assert isinstance(postgres_any, Cluster)
    database = "unsafe_fix_invalid_index"
    postgres_any.create_database(
        database,
        "CREATE TABLE orders (id int PRIMARY KEY, s text); INSERT INTO orders VALUES (1, 'a');",
    )
    writer = subprocess.Popen(
        postgres_any.psql_command(database),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert writer.stdin is not None
        writer.stdin.write("BEGIN;\nUPDATE orders SET s = 'b';\n")
        writer.stdin.flush()
        held = "SELECT count(*) FROM pg_locks WHERE relation = 'orders'::regclass AND mode = 'RowExclusiveLock' AND granted;"
        deadline = time.monotonic() + 20
        while postgres_any.execute(database, held).strip() == "0":
            assert time.monotonic() < deadline, "the writer took no lock"
            time.sleep(0.05)
        build = postgres_any.psql(
            database,
            "-v",
            "VERBOSITY=verbose",
            stdin="SET lock_timeout = '1s';\nCREATE UNIQUE INDEX CONCURRENTLY orders_s_key ON orders (s);\n",
        )
    finally:
        if writer.stdin is not None:
            writer.stdin.write("COMMIT;\n")
            writer.stdin.close()
        writer.wait(timeout=20)
    assert build.returncode != 0
    assert "ERROR:  55P03: canceling statement due to lock timeout" in build.stderr.splitlines()
    state = postgres_any.execute(
        database,
        "SELECT indexrelid::regclass || ':' || indisvalid FROM pg_index WHERE indrelid = 'orders'::regclass ORDER BY 1;",
    )
    assert state.split() == ["orders_pkey:true", "orders_s_key:false"]


VALIDATING = (
    "ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\n"
    "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) "
    "REFERENCES customers (id) NOT VALID;\n"
    "ALTER TABLE orders\n"
    "  VALIDATE CONSTRAINT orders_total_check;\n"
    "  ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;\n"
    "COMMENT ON TABLE orders IS 'after the split';\n"
)
VALIDATING_FIXED = (
    "SET LOCAL lock_timeout = '5s';\n"
    "ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\n"
    "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) "
    "REFERENCES customers (id) NOT VALID;\n"
)
VALIDATING_SPLIT = (
    "SET lock_timeout = '5s';\n"
    "-- schemalint fix (SL504): in a transaction after the one that added them NOT VALID\n"
    "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n"
    "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;\n"
    "COMMENT ON TABLE orders IS 'after the split';\n"
)
VALIDATING_OUTPUT = (
    f"schemalint: edited {NEW}:1: SL507: `SET LOCAL lock_timeout = '5s';` before it\n"
    f"schemalint: edited {NEW}:4: SL504: `ALTER TABLE orders VALIDATE CONSTRAINT "
    "orders_total_check;` moved to a later transaction\n"
    f"schemalint: edited {NEW}:5: SL504: `ALTER TABLE orders VALIDATE CONSTRAINT "
    "orders_customer_fk;` moved to a later transaction\n"
    f"schemalint: wrote {SPLIT} (split from {NEW})\n"
)


def test_a_validate_in_the_transaction_of_its_add_moves_to_a_new_migration(here: Path) -> None:
    """SL504: the Supabase CLI runs the file in one transaction, so its VALIDATEs (one over
    two lines, one indented) leave it for a new migration right after it, with the statement
    that followed them; the ADDs NOT VALID stay."""
    committed(here, HISTORY)
    write_tree(here, {NEW: VALIDATING})
    before = converges(here, {NEW: VALIDATING_FIXED, SPLIT: VALIDATING_SPLIT}, VALIDATING_OUTPUT)
    assert [f for f in before if f[1] == NEW][1:] == [
        (
            "SL504",
            NEW,
            4,
            23,
            "Constraint `orders_total_check` of `orders` is validated in the transaction that "
            "added it NOT VALID",
        ),
        (
            "SL504",
            NEW,
            5,
            42,
            "Constraint `orders_customer_fk` of `orders` is validated in the transaction that "
            "added it NOT VALID",
        ),
    ]


def test_the_moved_validate_applies_and_validates_on_postgresql(
    here: Path, postgres_any: object
) -> None:
    """Ground truth: the history with rows, then the rewritten migration and its split, each
    as one query string as the Supabase CLI sends a file: the constraints are NOT VALID after
    the first and validated after the second (the VALIDATE's own lock, SHARE UPDATE
    EXCLUSIVE, is measured by the SL504 page's examples)."""
    from tests.pgcluster import SUPABASE_STUB, Cluster

    assert isinstance(postgres_any, Cluster)
    committed(here, HISTORY)
    write_tree(here, {NEW: VALIDATING})
    assert fix("--unsafe-fixes").output == VALIDATING_OUTPUT
    init, new, split = ((here / path).read_text() for path in (INIT, NEW, SPLIT))
    database = "unsafe_fix_sl504"
    postgres_any.create_database(database, SUPABASE_STUB)
    for text in (init, ROWS, new):
        done = postgres_any.psql(database, "-c", text)
        assert done.returncode == 0, done.stderr
    validated = (
        "SELECT string_agg(conname || ':' || convalidated, ',' ORDER BY conname) FROM "
        "pg_constraint WHERE conrelid = 'orders'::regclass AND contype IN ('c', 'f');"
    )
    assert postgres_any.execute(database, validated) == (
        "orders_customer_fk:false,orders_total_check:false\n"
    )
    done = postgres_any.psql(database, "-c", split)
    assert done.returncode == 0, done.stderr
    assert postgres_any.execute(database, validated) == (
        "orders_customer_fk:true,orders_total_check:true\n"
    )


PENDING_ADD = (
    "SET LOCAL lock_timeout = '5s';\n"
    "UPDATE orders SET status = 'new' WHERE status IS NULL;\n"
    "ALTER TABLE orders ADD CONSTRAINT orders_status_nn NOT NULL status NOT VALID;\n"
)
PENDING_ADDED = f"{SUPABASE}/20240201000000_status_not_null.sql"
PENDING_SET = f"{SUPABASE}/20240202000000_set_not_null.sql"
PENDING_SPLIT = f"{SUPABASE}/20240201000001_validate_constraints.sql"
SET_STATUS = "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n"
VALIDATE_STATUS = "ALTER TABLE orders VALIDATE CONSTRAINT orders_status_nn;\n"
PENDING_MESSAGE = (
    "`SET NOT NULL` validates the NOT VALID constraint `orders_status_nn` by checking every "
    "row of `orders` while it blocks reads and writes"
)


def test_postgresql_18s_pending_not_null_is_validated_instead_of_set(here: Path) -> None:
    """PostgreSQL 18: `SET NOT NULL` over a NOT VALID not-null constraint added by a committed
    migration becomes that constraint's VALIDATE, in place (it runs in a later transaction
    than the ADD already)."""
    committed(here, {**HISTORY, PENDING_ADDED: PENDING_ADD})
    write_tree(here, {PENDING_SET: "SET LOCAL lock_timeout = '5s';\n" + SET_STATUS})
    before = converges(
        here,
        {PENDING_SET: "SET LOCAL lock_timeout = '5s';\n" + VALIDATE_STATUS},
        f"schemalint: edited {PENDING_SET}:2: SL503: `{VALIDATE_STATUS.strip()}` instead (it "
        "leaves the column NOT NULL)\n",
    )
    assert [f for f in before if f[1] == PENDING_SET] == [
        ("SL503", PENDING_SET, 2, 33, PENDING_MESSAGE)
    ]


def test_a_pending_not_null_added_in_the_same_transaction_is_validated_in_the_next(
    here: Path,
) -> None:
    """The ADD NOT VALID in the same file (one transaction under the Supabase CLI): the
    VALIDATE goes to a new migration right after it, as SL504 would ask."""
    committed(here, HISTORY)
    write_tree(here, {PENDING_ADDED: PENDING_ADD + SET_STATUS})
    before = converges(
        here,
        {
            PENDING_ADDED: PENDING_ADD,
            PENDING_SPLIT: (
                "SET lock_timeout = '5s';\n"
                "-- schemalint fix (SL503): in a transaction after the one that added it NOT "
                f"VALID\n{VALIDATE_STATUS}"
            ),
        },
        f"schemalint: edited {PENDING_ADDED}:4: SL503: `{VALIDATE_STATUS.strip()}` in a later "
        "transaction instead (it leaves the column NOT NULL)\n"
        f"schemalint: wrote {PENDING_SPLIT} (split from {PENDING_ADDED})\n",
    )
    assert [f for f in before if f[1] == PENDING_ADDED] == [
        ("SL503", PENDING_ADDED, 4, 33, PENDING_MESSAGE)
    ]


def test_the_pending_not_nulls_validate_leaves_the_column_not_null_on_postgresql_18(
    here: Path, postgres_wheel: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ground truth for both rewrites (each file sent as one query string): after the
    VALIDATE the constraint is validated, the column NOT NULL (a NULL is refused), and a
    `SET NOT NULL` would no longer scan the table: it is not needed. Before it, the
    `SET NOT NULL` the fix replaces scans."""
    from tests.pgcluster import SUPABASE_STUB, Cluster
    from tests.pgoracle import scans

    assert isinstance(postgres_wheel, Cluster)
    state = (
        "SELECT conname || ':' || convalidated FROM pg_constraint "
        "WHERE conrelid = 'orders'::regclass AND conname = 'orders_status_nn';\n"
        "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass "
        "AND attname = 'status';\n"
    )
    for case, (tree, new) in enumerate(
        (
            ({PENDING_ADDED: PENDING_ADD}, {PENDING_SET: SET_STATUS}),
            ({}, {PENDING_ADDED: PENDING_ADD + SET_STATUS}),
        )
    ):
        root = here / str(case)
        root.mkdir()
        monkeypatch.chdir(root)
        committed(root, {**HISTORY, **tree})
        write_tree(root, new)
        assert fix("--unsafe-fixes").exit_code == 0
        paths = sorted(p for p in (root / SUPABASE).iterdir())
        database = f"unsafe_fix_pending_{case}"
        postgres_wheel.create_database(database, SUPABASE_STUB)
        for number, path in enumerate(paths):
            if number == len(paths) - 1:
                set_not_null = SET_STATUS.rstrip(";\n")
                assert scans(postgres_wheel, database, set_not_null, "orders")
            done = postgres_wheel.psql(database, "-c", path.read_text())
            assert done.returncode == 0, done.stderr
            if number == 0:
                postgres_wheel.execute(database, ROWS)
        assert postgres_wheel.execute(database, state) == "orders_status_nn:true\nt\n"
        assert not scans(postgres_wheel, database, SET_STATUS.rstrip(";\n"), "orders")
        refused = postgres_wheel.psql(
            database, "-c", "INSERT INTO orders (id, status) VALUES (9, NULL)"
        )
        assert refused.stderr.splitlines()[0] == (
            'ERROR:  null value in column "status" of relation "orders" violates not-null '
            "constraint"
        )


def test_a_prisma_schema_edit_waits_with_its_migration_behind_a_split(here: Path) -> None:
    """The split of an uncommitted Prisma migration takes the next folder, so the SL201
    index migration waits for the next `fix`; the schema's `@@index` edit waits with it
    (written alone it would be SL801 drift), and the next `fix` writes both."""
    from tests.engine.test_prisma_with_migrations import INIT, SCHEMA

    new = "prisma/migrations/20240201000000_check/migration.sql"
    held = "prisma/migrations/20240201000001_index_submissions_workspace_id_idx/migration.sql"
    index = "prisma/migrations/20240201000002_index_submissions_workspace_id_idx/migration.sql"
    committed(
        here,
        {
            "prisma/schema.prisma": SCHEMA,
            "prisma/migrations/20240101000000_init/migration.sql": INIT,
            "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
        },
    )
    write_tree(
        here,
        {new: 'ALTER TABLE "submissions" ADD CONSTRAINT "id_set" CHECK (length("id") > 0);\n'},
    )
    assert fix("--unsafe-fixes").output == (
        f"schemalint: edited {new}:1: SL507: `SET LOCAL lock_timeout = '5s';` before it\n"
        f"schemalint: edited {new}:1: SL503: add `id_set` NOT VALID, then `ALTER TABLE "
        "submissions VALIDATE CONSTRAINT id_set;` in a later transaction\n"
        "schemalint: wrote prisma/migrations/20240201000001_validate_constraints/migration.sql "
        f"(split from {new})\n"
        f"schemalint: {held}: not written yet: the in-place fix's new migration takes its "
        "version; run `schemalint fix` again to write it after that one\n"
    )
    assert (here / "prisma/schema.prisma").read_text() == SCHEMA
    assert [(code, path, line) for code, path, line, *_ in check()] == [
        ("SL201", "prisma/schema.prisma", 15)
    ]
    assert fix("--unsafe-fixes").output == (
        f"schemalint: wrote {index} (SL201)\n"
        "schemalint: edited prisma/schema.prisma:17: Add `@@index([workspaceId])`\n"
    )
    assert check() == []
    assert fix("--unsafe-fixes").output == "schemalint: nothing to fix\n"
