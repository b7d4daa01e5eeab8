"""SL104 policy-without-rls."""

from __future__ import annotations

from schemalint.rules.sl104_policy_without_rls import PolicyWithoutRls
from tests.rules.catalogs import PATH, SOURCE, SUB_STATEMENT, catalog, policy, table
from tests.rules.helpers import check_catalog


def test_policies_without_rls_are_reported_at_the_first_policy() -> None:
    open_table = table("submissions", SUB_STATEMENT, policies=(policy("submissions_select"),))
    found = check_catalog(PolicyWithoutRls, catalog(open_table), SOURCE)
    assert [seen for seen, _, _ in found] == [
        (
            "SL104", PATH, 12, 1,
            "Policy `submissions_select` on `submissions` has no effect: row level security "
            "is not enabled",
        )
    ]  # fmt: skip


def test_policies_with_rls_enabled_are_not_reported() -> None:
    guarded = table("submissions", SUB_STATEMENT, rls_enabled=True, policies=(policy("p"),))
    assert check_catalog(PolicyWithoutRls, catalog(guarded), SOURCE) == []
