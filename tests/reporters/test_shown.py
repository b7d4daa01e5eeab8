"""``SHOW_FIXES`` and ``SHOW_FINGERPRINTS`` name exactly the formats that print a finding's fix
and its fingerprint: a run whose reports are none of them plans no fix and hashes nothing, so a
format that printed them without being listed would print them empty."""

from __future__ import annotations

import pytest

from schemalint.engine import LintResult
from schemalint.frozen import replace
from schemalint.output.reporters import FORMATS, SHOW_FINGERPRINTS, SHOW_FIXES, render
from tests.reporters.conftest import RULES


def _without(result: LintResult, **cleared: object) -> LintResult:
    return replace(result, findings=tuple(replace(f, **cleared) for f in result.findings))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_format_prints_fixes_exactly_when_it_is_listed(result: LintResult, fmt: str) -> None:
    assert any(f.fix for f in result.findings)
    plain = render(_without(result, fix=None), fmt, rules=RULES)
    assert (plain != render(result, fmt, rules=RULES)) == (fmt in SHOW_FIXES)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_format_prints_fingerprints_exactly_when_it_is_listed(
    result: LintResult, fmt: str
) -> None:
    assert all(f.fingerprint for f in result.findings)
    plain = render(_without(result, fingerprint=""), fmt, rules=RULES)
    assert (plain != render(result, fmt, rules=RULES)) == (fmt in SHOW_FINGERPRINTS)
