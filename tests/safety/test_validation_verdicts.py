"""SL503's verdicts agree with PostgreSQL 15 and 18: it reports an ALTER exactly when the
statement reads every row of the existing table (a validation scan under its lock), and SL301
stays silent where a validated CHECK proves the column non-null. PostgreSQL 18's `SET NOT NULL`
over a NOT VALID not-null constraint is measured by the claims on SL503's page (an example
marked ``-- postgres: 18``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pgcluster import Cluster
from tests.pgoracle import prepare, scans
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
