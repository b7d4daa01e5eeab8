"""A small run to render: two files, three visible findings (one with a fix), one suppressed."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemalint.engine import LintResult
from schemalint.findings import Edit, Finding, Fix, Severity, Suppression
from schemalint.output.reporters import RuleMeta
from schemalint.source import SourceFile

SQL_PATH = "db/migrations/001_init.sql"
SQL = """CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint REFERENCES customers (id)
);
-- schemalint-ignore SL401: cache is rebuilt nightly
DELETE FROM cache;
DELETE FROM orders;
"""
PRISMA_PATH = "prisma/schema.prisma"
PRISMA = """model Audit {
  id Int @id
}
"""

RULES = (
    RuleMeta(
        "SL101",
        "missing-tenant-column",
        Severity.ERROR,
        "Reports a table without a tenant column",
        kind="schema",
        precision="high",
        category="multi-tenancy",
    ),
    RuleMeta(
        "SL201",
        "unindexed-foreign-key",
        Severity.WARNING,
        "Reports a foreign key without an index",
        fixable=True,
        kind="schema",
        precision="high",
        category="performance",
    ),
    RuleMeta(
        "SL401",
        "hard-delete",
        Severity.ERROR,
        "Reports `DELETE` and `TRUNCATE` of application data",
        kind="change",
        precision="high",
        category="data-safety",
    ),
)


def _offset(text: str, needle: str) -> int:
    return text.index(needle)


@pytest.fixture
def sources() -> dict[str, SourceFile]:
    return {SQL_PATH: SourceFile(SQL_PATH, SQL), PRISMA_PATH: SourceFile(PRISMA_PATH, PRISMA)}


@pytest.fixture
def result(sources: dict[str, SourceFile]) -> LintResult:
    sql = sources[SQL_PATH]
    prisma = sources[PRISMA_PATH]
    fk = _offset(SQL, "customer_id bigint")
    statement_end = _offset(SQL, ");") + 2
    cache = _offset(SQL, "DELETE FROM cache")
    orders = _offset(SQL, "DELETE FROM orders")
    comment = _offset(SQL, "-- schemalint-ignore")
    findings = (
        Finding(
            code="SL201",
            name="unindexed-foreign-key",
            severity=Severity.WARNING,
            wording="foreign key `orders.customer_id` has no index",
            span=sql.span(fk, fk + len("customer_id bigint REFERENCES customers (id)")),
            advice="Create an index on `orders (customer_id)`.",
            fix=Fix(
                "Add an index on `orders (customer_id)`",
                (
                    Edit(
                        sql.span(statement_end, statement_end),
                        "\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);",
                    ),
                ),
            ),
            fingerprint="0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        ),
        Finding(
            code="SL401",
            name="hard-delete",
            severity=Severity.ERROR,
            wording="`DELETE FROM cache` deletes rows",
            span=sql.span(cache, cache + len("DELETE FROM cache")),
            advice="Soft-delete instead.",
            suppression=Suppression(
                sql.span(
                    comment, comment + len("-- schemalint-ignore SL401: cache is rebuilt nightly")
                ),
                "cache is rebuilt nightly",
            ),
            fingerprint="11111111111111111111111111111111",
        ),
        Finding(
            code="SL401",
            name="hard-delete",
            severity=Severity.ERROR,
            wording="`DELETE FROM orders` deletes rows",
            span=sql.span(orders, orders + len("DELETE FROM orders")),
            advice="Soft-delete instead: `UPDATE orders SET deleted_at = now() WHERE ...`.",
            fingerprint="22222222222222222222222222222222",
        ),
        Finding(
            code="SL101",
            name="missing-tenant-column",
            severity=Severity.ERROR,
            wording="table `Audit` has no tenant column (organization_id, workspace_id)",
            span=prisma.span(0, len(PRISMA) - 1),
            advice='Add `organizationId String @map("organization_id")`.',
            fingerprint="33333333333333333333333333333333",
        ),
    )
    return LintResult(
        tuple(sorted(findings, key=lambda f: (f.span.path, f.span.start))),
        sources,
        {
            "db/migrations (folder)": ("SL201", "SL401"),
            "prisma (prisma schema)": ("SL101", "SL201"),
        },
    )


@pytest.fixture
def empty_docs(tmp_path: Path) -> Path:
    folder = tmp_path / "no-docs"
    folder.mkdir()
    return folder
