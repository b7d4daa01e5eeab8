"""SL503 blocking-validation, and SL301 beside it on SET NOT NULL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.helpers import lint, lint_project

TABLES = (
    "m/0001_orders.sql",
    "CREATE TABLE customers (id bigint PRIMARY KEY);\n"
    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric,"
    " status text);\n",
)
PATH = "m/0002_change.sql"
SET_NOT_NULL = "`SET NOT NULL` checks every row of `orders` while it blocks reads and writes"
LATER = (
    "then `ALTER TABLE ... VALIDATE CONSTRAINT ...` in a later migration (a transaction of its "
    "own): VALIDATE checks the rows under a SHARE UPDATE EXCLUSIVE lock, which lets reads and "
    "writes go on."
)


def test_validating_constraints_on_an_existing_table_are_reported(tmp_path: Path) -> None:
    text = (
        "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk\n"
        "  FOREIGN KEY (customer_id) REFERENCES customers (id);\n"
        "ALTER TABLE orders ADD CHECK (total >= 0);\n"
        "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n"
    )
    seen, found = lint(tmp_path, [TABLES, (PATH, text)], ["SL503"])
    assert seen == [
        ("SL503", PATH, 1, 24, "`ADD FOREIGN KEY` checks every row of `orders` while it "
         "blocks writes to `orders` and `customers`"),
        ("SL503", PATH, 3, 24,
         "`ADD CHECK` checks every row of `orders` while it blocks reads and writes"),
        ("SL503", PATH, 4, 33, SET_NOT_NULL),
    ]  # fmt: skip
    assert [f.help for f in found] == [
        "It takes a SHARE ROW EXCLUSIVE lock on both tables (so `customers` too) and holds it "
        "while it looks up every existing row's key. Add it with `NOT VALID` (new and changed "
        f"rows are checked at once), {LATER}",
        "It takes an ACCESS EXCLUSIVE lock on the table and holds it while it checks every "
        f"existing row. Add it with `NOT VALID` (new and changed rows are checked at once), {LATER}",
        "It takes an ACCESS EXCLUSIVE lock on the table and holds it while it scans every row "
        "for NULL in `status`. (Whether the migration can fail on NULL rows is SL301's concern; "
        "this is about the lock.) Backfill, add `ALTER TABLE orders ADD CONSTRAINT ... CHECK "
        f"(status IS NOT NULL) NOT VALID`, {LATER} Then `SET NOT NULL` sees the validated CHECK "
        "and skips the scan. On PostgreSQL 18 and later, `ADD CONSTRAINT ... NOT NULL status "
        "NOT VALID` and a later `VALIDATE CONSTRAINT` do the same in two steps.",
    ]


def test_not_valid_and_new_tables_are_not_reported(tmp_path: Path) -> None:
    text = (
        "ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n"
        "ALTER TABLE orders ADD CHECK (total >= 0) NOT VALID;\n"
        "CREATE TABLE refunds (id bigint, order_id bigint, amount numeric);\n"
        "ALTER TABLE refunds ADD FOREIGN KEY (order_id) REFERENCES orders (id),\n"
        "  ADD CHECK (amount > 0);\n"
        "ALTER TABLE refunds ALTER COLUMN amount SET NOT NULL;\n"
    )
    seen, _ = lint(tmp_path, [TABLES, (PATH, text)], ["SL503"])
    assert seen == []


SAFE_SEQUENCE = [
    TABLES,
    (
        "m/0002_backfill.sql",
        "UPDATE orders SET status = 'new' WHERE status IS NULL;\n"
        "ALTER TABLE orders ADD CONSTRAINT orders_status_nn CHECK (status IS NOT NULL) NOT VALID;\n",
    ),
    ("m/0003_validate.sql", "ALTER TABLE orders VALIDATE CONSTRAINT orders_status_nn;\n"),
    (
        "m/0004_set_not_null.sql",
        "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n"
        "ALTER TABLE orders DROP CONSTRAINT orders_status_nn;\n",
    ),
]


def test_the_safe_set_not_null_sequence_gets_neither_sl301_nor_sl503(tmp_path: Path) -> None:
    seen, _ = lint(tmp_path, SAFE_SEQUENCE, ["SL301", "SL503", "SL504"], layout="goose")
    assert seen == []


def test_without_the_validate_both_problems_are_reported(tmp_path: Path) -> None:
    files = [SAFE_SEQUENCE[0], SAFE_SEQUENCE[1], SAFE_SEQUENCE[3]]
    seen, found = lint(tmp_path, files, ["SL301", "SL503"], layout="goose")
    path = "m/0004_set_not_null.sql"
    assert seen == [
        ("SL301", path, 1, 33,
         "Column `orders.status` is set NOT NULL without a backfill earlier in this migration"),
        ("SL503", path, 1, 33, SET_NOT_NULL),
    ]  # fmt: skip
    assert found[0].help.startswith(
        "Existing rows may hold NULL in this column, and then the migration fails. (The "
        "full-table scan that looks for them under an exclusive lock is SL503's concern.)"
    )


def test_before_postgresql_12_a_validated_check_does_not_help(tmp_path: Path) -> None:
    project = {"postgres_version": 11}
    seen, found = lint(tmp_path, SAFE_SEQUENCE, ["SL301", "SL503"], project=project)
    assert seen == [("SL503", "m/0004_set_not_null.sql", 1, 33, SET_NOT_NULL)]
    assert found[0].help.endswith(
        "Before PostgreSQL 12 `SET NOT NULL` always scans: on PostgreSQL 11 the only way "
        "around it is a `CHECK (status IS NOT NULL)` constraint instead of NOT NULL, added "
        "`NOT VALID` and validated later."
    )


@pytest.mark.parametrize(("major", "reported"), [(11, True), (15, False)])
def test_the_supabase_config_version_decides_the_verdict(
    tmp_path: Path, major: int, reported: bool
) -> None:
    migrations = "supabase/migrations"
    files = [
        ("supabase/config.toml", f"[db]\nmajor_version = {major}\n"),
        *(
            (f"{migrations}/2024010{n}000000_{name.split('_', 1)[1]}", text)
            for n, (name, text) in enumerate(SAFE_SEQUENCE, 1)
        ),
    ]
    seen = lint_project(tmp_path, files, ["SL503"])
    path = f"{migrations}/20240104000000_set_not_null.sql"
    assert seen == ([("SL503", path, 1, 33, SET_NOT_NULL)] if reported else [])


def test_the_version_decides_the_advice(tmp_path: Path) -> None:
    text = "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n"
    _, found = lint(tmp_path, [TABLES, (PATH, text)], ["SL503"], project={"postgres_version": 15})
    assert "PostgreSQL 18" not in found[0].help
    _, found = lint(tmp_path, [TABLES, (PATH, text)], ["SL503"], project={"postgres_version": 18})
    assert found[0].help.endswith(
        "On PostgreSQL 18 and later, `ADD CONSTRAINT ... NOT NULL status NOT VALID` and a later "
        "`VALIDATE CONSTRAINT` do the same in two steps."
    )


PENDING = (
    "m/0002_not_valid.sql",
    "ALTER TABLE orders ADD CONSTRAINT orders_status_nn NOT NULL status NOT VALID;\n"
    "ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IS NOT NULL);\n",
)
SET_STATUS = ("m/0004_set_not_null.sql", "ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n")


def test_set_not_null_that_validates_a_not_valid_not_null_constraint_is_reported(
    tmp_path: Path,
) -> None:
    """PostgreSQL 18: SET NOT NULL validates the pending constraint under ACCESS EXCLUSIVE,
    even beside a validated CHECK (status IS NOT NULL)."""
    seen, found = lint(tmp_path, [TABLES, PENDING, SET_STATUS], ["SL503"], targets=[SET_STATUS[0]])
    assert seen == [
        ("SL503", "m/0004_set_not_null.sql", 1, 33,
         "`SET NOT NULL` validates the NOT VALID constraint `orders_status_nn` by checking "
         "every row of `orders` while it blocks reads and writes"),
    ]  # fmt: skip
    assert found[0].help == (
        "It takes an ACCESS EXCLUSIVE lock on the table and holds it while it scans every row "
        "for NULL in `status` (a validated `CHECK (... IS NOT NULL)` does not spare this "
        "scan). Instead, run `ALTER TABLE orders VALIDATE CONSTRAINT orders_status_nn` in a "
        "migration of its own (a transaction of its own): VALIDATE checks the rows under a "
        "SHARE UPDATE EXCLUSIVE lock, which lets reads and writes go on, and leaves the column "
        "NOT NULL, so this `SET NOT NULL` is not needed."
    )


def test_set_not_null_after_the_not_null_constraint_is_validated_is_not_reported(
    tmp_path: Path,
) -> None:
    validate = ("m/0003_validate.sql", "ALTER TABLE orders VALIDATE CONSTRAINT orders_status_nn;\n")
    seen, _ = lint(
        tmp_path, [TABLES, PENDING, validate, SET_STATUS], ["SL503"], targets=[SET_STATUS[0]]
    )
    assert seen == []


def test_re_adding_the_pending_not_null_constraint_is_not_sl503s_concern(tmp_path: Path) -> None:
    """PostgreSQL 18 refuses it (incompatible NOT VALID constraint): it fails, it does not
    scan."""
    again = (
        "m/0004_again.sql",
        "ALTER TABLE orders ADD CONSTRAINT orders_status_nn NOT NULL status;\n",
    )
    seen, _ = lint(tmp_path, [TABLES, PENDING, again], ["SL503"], targets=[again[0]])
    assert seen == []
