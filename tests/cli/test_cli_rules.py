"""``schemalint rules`` and ``schemalint rule CODE|NAME``."""

from __future__ import annotations

from itertools import pairwise

import pytest

from schemalint.rule_docs import HEADINGS

from .conftest import invoke

RULES_TABLE = """\
CODE   NAME                               SEVERITY       FIX  INPUTS
SL001  syntax-error                       error               prisma, sql
SL002  unused-suppression                 warning             prisma, sql
SL003  unknown-object                     warning             sql
SL004  statement-would-fail               error               sql
SL101  missing-tenant-column              error               prisma, sql
SL102  table-without-rls                  error          yes  sql
SL103  rls-without-policy                 warning        yes  sql
SL104  policy-without-rls                 error          yes  sql
SL105  nullable-tenant-column             error               prisma, sql
SL106  tenant-column-without-foreign-key  error               prisma, sql
SL107  unique-without-tenant-column       warning             prisma, sql
SL108  policy-not-tenant-scoped           error               sql
SL201  unindexed-foreign-key              warning        yes  prisma, sql
SL301  not-null-without-backfill          error               sql
SL401  hard-delete                        error          yes  sql
SL402  missing-soft-delete-column         warning        yes  prisma, sql
SL403  unique-ignores-soft-delete         warning             prisma, sql
SL501  concurrently-in-transaction        error               sql
SL502  blocking-index-operation           warning             sql
SL503  blocking-validation                warning             sql
SL504  validate-in-same-transaction       warning             sql
SL505  table-rewrite                      warning             sql
SL506  blocking-unique-constraint         warning             sql
SL508  breaking-change                    warning             sql
SL601  auth-call-per-row                  warning             sql
SL602  policy-column-unindexed            warning        yes  sql
SL603  permissive-policy                  error               sql
SL604  policy-uses-user-metadata          error               sql
SL605  exposed-security-definer           warning             sql
SL606  mutable-search-path                warning/error       sql
SL607  view-bypasses-rls                  warning/error       sql
SL608  extension-in-public                warning             sql
SL609  multiple-permissive-policies       warning             sql
SL701  missing-audit-trigger              warning             sql
SL801  prisma-migration-drift             error               prisma
"""


def test_rules_prints_the_table_of_every_rule() -> None:
    result = invoke(["rules"])

    assert (result.exit_code, result.stdout) == (0, RULES_TABLE)


@pytest.mark.parametrize("wanted", ["SL201", "sl201", "unindexed-foreign-key"])
def test_rule_renders_the_page_for_a_terminal(wanted: str) -> None:
    result = invoke(["rule", wanted])

    # The page's prose belongs to rules/SL201-unindexed-foreign-key.md; pin the frame around it.
    lines = result.stdout.splitlines()
    assert (result.exit_code, result.stderr) == (0, "")
    assert lines[:3] == [
        "SL201 unindexed-foreign-key (warning, fixable)",
        "",
        "Flags a foreign key whose columns are not the leading columns of any index.",
    ]
    headings = [line for line, under in pairwise(lines) if set(under) == {"-"}]
    assert [h for h in headings if h in HEADINGS] == list(HEADINGS)
    assert lines[-1] == (
        "See https://github.com/schemalint/schemalint/blob/main/rules/"
        "SL201-unindexed-foreign-key.md"
    )
    # Rendered for a terminal: code blocks indented, no Markdown fences or heading marks.
    assert not [line for line in lines if line.startswith(("```", "#"))]
    assert "    CREATE TABLE submissions (" in lines


def test_unknown_rule_is_one_line_and_exit_2() -> None:
    result = invoke(["rule", "SL999"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "schemalint: error: no rule named 'SL999' (see `schemalint rules`)\n",
    )


@pytest.mark.parametrize("wanted", ["SL003", "statement-would-fail"])
def test_the_replay_integrity_rules_have_their_pages(wanted: str) -> None:
    result = invoke(["rule", wanted])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] in (
        "SL003 unknown-object (warning)",
        "SL004 statement-would-fail (error)",
    )
