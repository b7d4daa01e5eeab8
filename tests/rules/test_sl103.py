"""SL103 rls-without-policy."""

from __future__ import annotations

from schemalint.catalog import provenance
from schemalint.catalog.provenance import Change
from schemalint.rules.sl103_rls_without_policy import RlsWithoutPolicy
from tests.rules.catalogs import PATH, SOURCE, SUB_STATEMENT, catalog, policy, table
from tests.rules.helpers import check_catalog, span_of

ALTER = span_of(SOURCE, "ALTER TABLE submissions ENABLE ROW LEVEL SECURITY")


def test_rls_without_policy_is_reported_at_the_statement_enabling_it() -> None:
    closed = table(
        "submissions",
        SUB_STATEMENT,
        rls_enabled=True,
        rls_span=ALTER,
        changes=(Change(provenance.RLS, ALTER, 1),),
    )
    found = check_catalog(RlsWithoutPolicy, catalog(closed), SOURCE)
    assert [seen for seen, _, _ in found] == [
        ("SL103", PATH, 11, 1, "Table `submissions` enables row level security but has no policy")
    ]


def test_rls_with_a_policy_or_rls_off_is_not_reported() -> None:
    guarded = table(
        "submissions", SUB_STATEMENT, rls_enabled=True, rls_span=ALTER, policies=(policy("p"),)
    )
    assert check_catalog(RlsWithoutPolicy, catalog(guarded), SOURCE) == []
    assert (
        check_catalog(RlsWithoutPolicy, catalog(table("submissions", SUB_STATEMENT)), SOURCE) == []
    )
