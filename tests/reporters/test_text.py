from __future__ import annotations

import dataclasses

from schemalint.engine import LintResult
from schemalint.findings import Finding, Severity
from schemalint.output.reporters import render
from schemalint.source import SourceFile
from tests.reporters.conftest import RULES

EXPECTED = """\
db/migrations/001_init.sql:3:3: SL201 [warning] foreign key `orders.customer_id` has no index
3 |   customer_id bigint REFERENCES customers (id)
  |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
help: Create an index on `orders (customer_id)`.
fix: Add an index on `orders (customer_id)`
see: https://github.com/schemalint/schemalint/blob/main/rules/SL201-unindexed-foreign-key.md

db/migrations/001_init.sql:7:1: SL401 [error] `DELETE FROM orders` deletes rows
7 | DELETE FROM orders;
  | ^^^^^^^^^^^^^^^^^^
help: Soft-delete instead: `UPDATE orders SET deleted_at = now() WHERE ...`.
see: https://github.com/schemalint/schemalint/blob/main/rules/SL401-hard-delete.md

prisma/schema.prisma:1:1: SL101 [error] table `Audit` has no tenant column (organization_id, workspace_id)
1 | model Audit {
  | ^^^^^^^^^^^^^
help: Add `organizationId String @map("organization_id")`.
see: https://github.com/schemalint/schemalint/blob/main/rules/SL101-missing-tenant-column.md

Found 3 findings (2 errors, 1 warning) in 2 files; 1 suppressed.
"""


def test_text_shows_unsuppressed_findings_with_excerpt_help_fix_link_and_summary(
    result: LintResult,
) -> None:
    assert render(result, "text", rules=RULES) == EXPECTED


def test_text_has_no_escape_codes_unless_color_is_asked_for(result: LintResult) -> None:
    assert "\x1b[" not in render(result, "text")
    colored = render(result, "text", color=True)
    assert "\x1b[1;33mSL201 [warning]\x1b[0m" in colored
    assert (
        "\x1b[1mFound 3 findings (2 errors, 1 warning) in 2 files; 1 suppressed.\x1b[0m" in colored
    )


def test_text_without_findings_says_so(result: LintResult) -> None:
    assert render(dataclasses.replace(result, findings=()), "text") == "No findings.\n"


def test_text_with_only_suppressed_findings_counts_them(result: LintResult) -> None:
    suppressed = tuple(f for f in result.findings if f.suppression)
    assert render(dataclasses.replace(result, findings=suppressed), "text") == (
        "No findings (1 suppressed).\n"
    )


def _one(text: str, start: int, end: int, severity: Severity = Severity.INFO) -> LintResult:
    source = SourceFile("a.sql", text)
    finding = Finding("SL999", "fake", severity, "msg", source.span(start, end))
    return LintResult((finding,), {"a.sql": source})


def test_text_underline_keeps_tabs_so_carets_line_up() -> None:
    out = render(_one("\tDROP x;\n", 1, 5), "text")
    assert out.splitlines()[1:3] == ["1 | \tDROP x;", "  | \t^^^^"]


def test_text_empty_span_gets_one_caret_and_singular_summary() -> None:
    out = render(_one("SELECT 1;\n", 9, 9), "text")
    assert out.splitlines() == [
        "a.sql:1:10: SL999 [info] msg",
        "1 | SELECT 1;",
        "  |          ^",
        "see: https://github.com/schemalint/schemalint/blob/main/rules/SL999-fake.md",
        "",
        "Found 1 finding (1 info) in 1 file.",
    ]


def _excerpt_lines(text: str, start: int, end: int) -> list[str]:
    return render(_one(text, start, end), "text").splitlines()[:3]


def test_text_long_line_is_quoted_as_a_window_around_the_span_with_markers() -> None:
    # 1,000 columns: `a` x 500, then DROP x; then `b` until the end.
    text = "a" * 500 + "DROP x;" + "b" * 493 + "\n"
    lines = _excerpt_lines(text, 500, 507)
    assert lines == [
        "a.sql:1:501: SL999 [info] msg",
        "1 | ..." + "a" * 40 + "DROP x;" + "b" * 153 + "...",
        "  | " + " " * 43 + "^" * 7,
    ]


def test_text_long_line_span_at_its_start_has_only_a_trailing_marker() -> None:
    text = "DROP x;" + "b" * 993
    assert _excerpt_lines(text, 0, 4) == [
        "a.sql:1:1: SL999 [info] msg",
        "1 | DROP x;" + "b" * 193 + "...",
        "  | ^^^^",
    ]


def test_text_long_line_span_at_its_end_has_only_a_leading_marker() -> None:
    text = "a" * 993 + "DROP x;\r\n"
    assert _excerpt_lines(text, 993, 1000) == [
        "a.sql:1:994: SL999 [info] msg",
        "1 | ..." + "a" * 193 + "DROP x;",
        "  | " + " " * 196 + "^" * 7,
    ]


def test_text_span_wider_than_the_window_is_underlined_to_the_window_edge() -> None:
    text = "x" * 100 + "y" * 600 + "z" * 300
    assert _excerpt_lines(text, 100, 700) == [
        "a.sql:1:101: SL999 [info] msg",
        "1 | ..." + "x" * 40 + "y" * 160 + "...",
        "  | " + " " * 43 + "^" * 160,
    ]


def test_text_multi_line_span_on_a_long_first_line_stops_at_the_window_edge() -> None:
    text = "a" * 300 + "CREATE TABLE t (\n  id int\n);\n"
    assert _excerpt_lines(text, 300, len(text) - 1) == [
        "a.sql:1:301: SL999 [info] msg",
        "1 | ..." + "a" * 184 + "CREATE TABLE t (",
        "  | " + " " * 187 + "^" * 16,
    ]


def test_text_line_of_exactly_the_window_width_is_quoted_whole() -> None:
    text = "a" * 199 + ";\nSELECT 1;\n"
    assert _excerpt_lines(text, 199, 200) == [
        "a.sql:1:200: SL999 [info] msg",
        "1 | " + "a" * 199 + ";",
        "  | " + " " * 199 + "^",
    ]


def test_text_window_on_a_later_line_keeps_line_and_column() -> None:
    text = "SELECT 1;\n" + "c" * 1000 + "DROP y;" + "d" * 1000 + "\n"
    lines = _excerpt_lines(text, 1010, 1014)
    assert lines == [
        "a.sql:2:1001: SL999 [info] msg",
        "2 | ..." + "c" * 40 + "DROP y;" + "d" * 153 + "...",
        "  | " + " " * 43 + "^" * 4,
    ]
