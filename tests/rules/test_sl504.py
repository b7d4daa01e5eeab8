"""SL504 validate-in-same-transaction: one scenario per runner transaction model."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.helpers import lint

TABLES = (
    "m/0001_orders.sql",
    "CREATE TABLE customers (id bigint PRIMARY KEY);\n"
    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric);\n",
)
ADD = "ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\n"
VALIDATE = "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n"
CHECK_MESSAGE = (
    "Constraint `orders_total_check` of `orders` is validated in the transaction that added it "
    "NOT VALID"
)


@pytest.mark.parametrize(
    ("layout", "text", "line"),
    [
        ("goose", ADD + VALIDATE, 2),  # each file in a transaction
        ("flyway", ADD + VALIDATE, 2),
        ("supabase", ADD + VALIDATE, 2),  # one batch per file; nothing pulled out here
        ("golang-migrate", ADD + VALIDATE, 2),  # one query string: implicit transaction
        ("drizzle", ADD + VALIDATE, 2),  # one transaction for the batch
        ("plain", "BEGIN;\n" + ADD + VALIDATE + "COMMIT;\n", 3),  # the file's own block
    ],
)
def test_validate_in_the_adds_transaction_is_reported(
    tmp_path: Path, layout: str, text: str, line: int
) -> None:
    seen, _ = lint(tmp_path, [TABLES, ("m/0002_check.sql", text)], ["SL504"], layout=layout)
    assert seen == [("SL504", "m/0002_check.sql", line, 40, CHECK_MESSAGE)]


@pytest.mark.parametrize(
    ("layout", "files"),
    [
        ("plain", [("m/0002_check.sql", ADD + VALIDATE)]),  # psql: statements on their own
        ("goose", [("m/0002_check.sql", "-- +goose NO TRANSACTION\n" + ADD + VALIDATE)]),
        ("goose", [("m/0002_add.sql", ADD), ("m/0003_validate.sql", VALIDATE)]),
        ("golang-migrate", [("m/0002_add.sql", ADD), ("m/0003_validate.sql", VALIDATE)]),
        # Over the whole history each drizzle file is its own deploy.
        ("drizzle", [("m/0002_add.sql", ADD), ("m/0003_validate.sql", VALIDATE)]),
    ],
)
def test_validate_in_a_later_transaction_is_not_reported(
    tmp_path: Path, layout: str, files: list[tuple[str, str]]
) -> None:
    seen, _ = lint(tmp_path, [TABLES, *files], ["SL504"], layout=layout)
    assert seen == []


def test_drizzle_pending_files_share_one_transaction(tmp_path: Path) -> None:
    files = [TABLES, ("m/0002_add.sql", ADD), ("m/0003_validate.sql", VALIDATE)]
    targets = ["m/0002_add.sql", "m/0003_validate.sql"]
    seen, _ = lint(tmp_path, files, ["SL504"], targets=targets, layout="drizzle")
    assert seen == [("SL504", "m/0003_validate.sql", 1, 40, CHECK_MESSAGE)]
    # Only the new file is pending: the add was deployed earlier.
    alone, _ = lint(tmp_path, files, ["SL504"], targets=["m/0003_validate.sql"], layout="drizzle")
    assert alone == []


def test_a_foreign_key_names_the_lock_on_both_tables(tmp_path: Path) -> None:
    text = (
        "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)\n"
        "  REFERENCES customers (id) NOT VALID;\n"
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;\n"
    )
    seen, found = lint(tmp_path, [TABLES, ("m/0002_fk.sql", text)], ["SL504"], layout="goose")
    assert seen == [
        ("SL504", "m/0002_fk.sql", 3, 40,
         "Constraint `orders_customer_fk` of `orders` is validated in the transaction that "
         "added it NOT VALID"),
    ]  # fmt: skip
    assert found[0].help.startswith(
        "The ADD's SHARE ROW EXCLUSIVE lock on both tables, which blocks their writes, is held "
        "until the transaction commits"
    )


def test_a_constraint_added_valid_or_already_validated_is_not_reported(tmp_path: Path) -> None:
    text = (
        "ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);\n"
        + VALIDATE
        + "ALTER TABLE orders VALIDATE CONSTRAINT missing;\n"
    )
    seen, _ = lint(tmp_path, [TABLES, ("m/0002_check.sql", text)], ["SL504"], layout="goose")
    assert seen == []
