from __future__ import annotations

import dataclasses

from schemalint.engine import LintResult
from schemalint.findings import Finding, Severity
from schemalint.output.reporters import render
from schemalint.output.reporters.github import job_summary
from schemalint.source import SourceFile

EXPECTED = (
    "::warning file=db/migrations/001_init.sql,line=3,col=3,endLine=3,endColumn=47,"
    "title=SL201 unindexed-foreign-key::foreign key `orders.customer_id` has no index"
    "%0ACreate an index on `orders (customer_id)`.\n"
    "::error file=db/migrations/001_init.sql,line=7,col=1,endLine=7,endColumn=19,"
    "title=SL401 hard-delete::`DELETE FROM orders` deletes rows"
    "%0ASoft-delete instead: `UPDATE orders SET deleted_at = now() WHERE ...`.\n"
    # A multi-line range: annotations take columns only within one line.
    "::error file=prisma/schema.prisma,line=1,endLine=3,title=SL101 missing-tenant-column"
    "::table `Audit` has no tenant column (organization_id, workspace_id)"
    '%0AAdd `organizationId String @map("organization_id")`.\n'
)


def test_github_annotations_for_unsuppressed_findings(result: LintResult) -> None:
    assert render(result, "github") == EXPECTED


def test_github_escapes_data_and_properties() -> None:
    source = SourceFile("odd,na:me%.sql", "DELETE FROM t;\n")
    finding = Finding(
        "SL401", "hard-delete", Severity.INFO, "100% gone\r\nreally", source.span(0, 6)
    )
    result = dataclasses.replace(_empty(), findings=(finding,), sources={source.path: source})
    assert render(result, "github") == (
        "::notice file=odd%2Cna%3Ame%25.sql,line=1,col=1,endLine=1,endColumn=7,"
        "title=SL401 hard-delete::100%25 gone%0D%0Areally\n"
    )


def _empty() -> LintResult:
    return LintResult((), {})


def test_job_summary_is_a_markdown_table(result: LintResult) -> None:
    base = "https://github.com/schemalint/schemalint/blob/main/rules/"
    assert job_summary(result) == (
        "## schemalint\n\n"
        "Found 3 findings (2 errors, 1 warning) in 2 files; 1 suppressed.\n\n"
        "| Severity | Rule | Location | Message |\n"
        "|---|---|---|---|\n"
        f"| warning | [SL201 unindexed-foreign-key]({base}SL201-unindexed-foreign-key.md) | "
        "`db/migrations/001_init.sql:3:3` | foreign key `orders.customer_id` has no index |\n"
        f"| error | [SL401 hard-delete]({base}SL401-hard-delete.md) | "
        "`db/migrations/001_init.sql:7:1` | `DELETE FROM orders` deletes rows |\n"
        f"| error | [SL101 missing-tenant-column]({base}SL101-missing-tenant-column.md) | "
        "`prisma/schema.prisma:1:1` | "
        "table `Audit` has no tenant column (organization_id, workspace_id) |\n"
    )


def test_job_summary_without_findings_has_no_table() -> None:
    assert job_summary(_empty()) == "## schemalint\n\nNo findings.\n"
