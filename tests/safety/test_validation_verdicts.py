"""SL503's verdicts agree with PostgreSQL 15 and 18: it reports an ALTER exactly when the
statement reads every row of the existing table (a validation scan under its lock), and SL301
stays silent where a validated CHECK proves the column non-null."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pgcluster import Cluster
from tests.pgoracle import in_transaction, prepare, scans
from tests.rules.helpers import lint

SETUP = (
    "CREATE TABLE customers (id bigint PRIMARY KEY);\n"
    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric DEFAULT 0,"
    " status text DEFAULT 'new');\n"
)
PROVED = "ALTER TABLE orders ADD CONSTRAINT status_nn CHECK (status IS NOT NULL);\n"
PROVED_AND = (
    "ALTER TABLE orders ADD CONSTRAINT status_nn CHECK (total >= 0 AND status IS NOT NULL);\n"
)
UNPROVED = "ALTER TABLE orders ADD CONSTRAINT status_nn CHECK (status IS NOT NULL) NOT VALID;\n"
OTHER = "ALTER TABLE orders ADD CONSTRAINT status_nn CHECK (status <> '');\n"
SET_NOT_NULL = "ALTER TABLE orders ALTER COLUMN status SET NOT NULL"

CASES = [
    # (earlier migration, statement, PostgreSQL reads every row)
    ("", SET_NOT_NULL, True),
    (PROVED, SET_NOT_NULL, False),
    (PROVED_AND, SET_NOT_NULL, False),
    (UNPROVED, SET_NOT_NULL, True),
    (OTHER, SET_NOT_NULL, True),
    ("", "ALTER TABLE orders ADD CONSTRAINT total_check CHECK (total >= 0)", True),
    ("", "ALTER TABLE orders ADD CONSTRAINT total_check CHECK (total >= 0) NOT VALID", False),
    ("", "ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id)", True),
    (
        "",
        "ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID",
        False,
    ),
    ("", "ALTER TABLE orders ADD CONSTRAINT total_key UNIQUE (total) DEFERRABLE", True),
]


@pytest.mark.postgres
@pytest.mark.parametrize(("earlier", "statement", "scanned"), CASES)
def test_sl503_reports_what_reads_every_row(
    postgres_any: Cluster, tmp_path: Path, earlier: str, statement: str, scanned: bool
) -> None:
    prepare(postgres_any, "validation", SETUP + earlier)
    assert scans(postgres_any, "validation", statement, "orders") is scanned
    files = [("m/0001_orders.sql", SETUP + earlier), ("m/0002_change.sql", f"{statement};\n")]
    seen, _ = lint(tmp_path, files, ["SL503"])
    # UNIQUE builds an index (SL506's concern): the scan is not a validation.
    expected = scanned and "UNIQUE" not in statement
    assert [(code, path, line) for code, path, line, *_ in seen] == (
        [("SL503", "m/0002_change.sql", 1)] if expected else []
    )


@pytest.mark.postgres
def test_not_null_not_valid_does_not_scan_on_18(postgres_wheel: Cluster, tmp_path: Path) -> None:
    """PostgreSQL 18's NOT NULL ... NOT VALID: no scan; the VALIDATE scans under SHARE UPDATE
    EXCLUSIVE; neither SL503 nor SL301 reports it."""
    add = "ALTER TABLE orders ADD CONSTRAINT status_nn NOT NULL status NOT VALID"
    prepare(postgres_wheel, "validation", SETUP)
    assert scans(postgres_wheel, "validation", add, "orders") is False
    full = "ALTER TABLE orders ADD CONSTRAINT status_nn NOT NULL status"
    assert scans(postgres_wheel, "validation", full, "orders") is True
    files = [
        ("m/0001_orders.sql", SETUP),
        ("m/0002_add.sql", f"{add};\n{full.replace('status', 'total')};\n"),
    ]
    seen, _ = lint(tmp_path, files, ["SL503", "SL301"])
    assert sorted(seen) == [
        ("SL301", "m/0002_add.sql", 2, 24,
         "Column `orders.total` is set NOT NULL without a backfill earlier in this migration"),
        ("SL503", "m/0002_add.sql", 2, 24,
         "`SET NOT NULL` checks every row of `orders` while it blocks reads and writes"),
    ]  # fmt: skip


PENDING = "ALTER TABLE orders ADD CONSTRAINT status_nn NOT NULL status NOT VALID;\n"
VALIDATED = PENDING + "ALTER TABLE orders VALIDATE CONSTRAINT status_nn;\n"
PENDING_BESIDE_CHECK = PENDING + PROVED.replace("status_nn", "status_check")

PENDING_CASES = [
    # (earlier migration, SET NOT NULL reads every row on PostgreSQL 18)
    (PENDING, True),
    (PENDING_BESIDE_CHECK, True),
    (VALIDATED, False),
]


@pytest.mark.postgres
@pytest.mark.parametrize(("earlier", "scanned"), PENDING_CASES)
def test_set_not_null_validating_a_not_valid_not_null_is_reported_on_18(
    postgres_wheel: Cluster, tmp_path: Path, earlier: str, scanned: bool
) -> None:
    """PostgreSQL 18: SET NOT NULL on a column whose not-null constraint is NOT VALID
    validates it, reading every row under ACCESS EXCLUSIVE (a validated CHECK (status IS NOT
    NULL) does not spare it); VALIDATE CONSTRAINT reads them under SHARE UPDATE EXCLUSIVE."""
    prepare(postgres_wheel, "validation", SETUP + earlier)
    assert scans(postgres_wheel, "validation", SET_NOT_NULL, "orders") is scanned
    assert in_transaction(postgres_wheel, "validation", [SET_NOT_NULL]).locks == {
        "orders": "ACCESS EXCLUSIVE"
    }
    if not scanned:  # the advice: VALIDATE reads the rows under SHARE UPDATE EXCLUSIVE
        validate = "ALTER TABLE orders VALIDATE CONSTRAINT status_nn"
        prepare(postgres_wheel, "validation", SETUP + PENDING)
        assert scans(postgres_wheel, "validation", validate, "orders") is True
        assert in_transaction(postgres_wheel, "validation", [validate]).locks == {
            "orders": "SHARE UPDATE EXCLUSIVE"
        }
    files = [("m/0001_orders.sql", SETUP + earlier), ("m/0002_change.sql", f"{SET_NOT_NULL};\n")]
    seen, _ = lint(tmp_path, files, ["SL503"], targets=["m/0002_change.sql"])
    message = (
        "`SET NOT NULL` validates the NOT VALID constraint `status_nn` by checking every row "
        "of `orders` while it blocks reads and writes"
    )
    assert seen == ([("SL503", "m/0002_change.sql", 1, 33, message)] if scanned else [])
