from __future__ import annotations

from pathlib import Path

from schemalint.findings import Severity
from schemalint.rules.base import Rule, RuleOptions
from schemalint.rules.docs import doc_url, load_rule_doc, render_for_terminal
from schemalint.rules.registry import ALL_RULES


class FakeRule(Rule[RuleOptions]):
    code = "SL901"
    name = "fake-rule"
    severity = Severity.WARNING
    summary = "Reports something fake"
    fixable = True
    category = "examples"


PAGE = """# SL901 fake-rule

## What it does

Reports **fake** things.

## Example

```sql
SELECT 1; -- expect: SL901
```

## Configuration

No options.
"""


def test_rule_url_points_at_the_page_in_the_repository() -> None:
    assert doc_url("SL201", "unindexed-foreign-key") == (
        "https://github.com/schemalint/schemalint/blob/main/rules/SL201-unindexed-foreign-key.md"
    )


def test_rule_page_renders_for_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "SL901-fake-rule.md").write_text(PAGE, encoding="utf-8")
    assert render_for_terminal(FakeRule, roots=[tmp_path]) == (
        "SL901 fake-rule (warning, fixable)\n\n"
        "Reports something fake.\n\n"
        "What it does\n------------\n\nReports fake things.\n\n"
        "Example\n-------\n\n    SELECT 1; -- expect: SL901\n\n"
        "Configuration\n-------------\n\nNo options.\n\n"
        "See https://github.com/schemalint/schemalint/blob/main/rules/SL901-fake-rule.md\n"
    )


def test_rule_without_a_page_shows_its_summary_and_link(tmp_path: Path) -> None:
    assert render_for_terminal(FakeRule, roots=[tmp_path]) == (
        "SL901 fake-rule (warning, fixable)\n\n"
        "Reports something fake.\n\n"
        "See https://github.com/schemalint/schemalint/blob/main/rules/SL901-fake-rule.md\n"
    )


def test_colour_marks_headings_bold(tmp_path: Path) -> None:
    (tmp_path / "SL901-fake-rule.md").write_text(PAGE, encoding="utf-8")
    out = render_for_terminal(FakeRule, color=True, roots=[tmp_path])
    assert out.startswith("\x1b[1mSL901 fake-rule (warning, fixable)\x1b[0m\n")
    assert "\x1b[1mWhat it does\x1b[0m\n\nReports fake things." in out


def test_every_registered_rule_has_a_page_with_the_fixed_headings() -> None:
    missing = [rule.code for rule in ALL_RULES if load_rule_doc(rule.code, rule.name) is None]
    assert missing == []
    for rule in ALL_RULES:
        doc = load_rule_doc(rule.code, rule.name)
        assert doc is not None
        assert doc.section("What it does"), rule.code


def test_a_rule_fixed_only_in_place_says_so_in_its_header(tmp_path: Path) -> None:
    class InPlaceRule(FakeRule):
        fixable = False
        unsafe_fixable = True

    assert render_for_terminal(InPlaceRule, roots=[tmp_path]).splitlines()[0] == (
        "SL901 fake-rule (warning, fixable with --unsafe-fixes)"
    )
