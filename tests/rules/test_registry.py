"""The registry: every rule listed once, documented, tested, and found by code or name."""

from __future__ import annotations

import re
from pathlib import Path

from schemalint.rules.base import ChangeRule, Rule, SchemaRule
from schemalint.rules.docs import HEADINGS as PAGE_HEADINGS
from schemalint.rules.registry import ALL_RULES, SYNTAX_ERROR, UNUSED_SUPPRESSION, find_rule

ROOT = Path(__file__).resolve().parents[2]
HEADINGS = [f"## {heading}" for heading in PAGE_HEADINGS]


def test_rules_are_ordered_by_unique_code_and_name_one_per_module() -> None:
    codes = [rule.code for rule in ALL_RULES]
    names = [rule.name for rule in ALL_RULES]
    modules = sorted(path.stem for path in (ROOT / "src/schemalint/rules").glob("sl[0-9]*.py"))
    assert codes == sorted(set(codes))
    assert len(set(names)) == len(names)
    assert [rule.__module__.rsplit(".", 1)[1] for rule in ALL_RULES] == modules
    assert [module[:5].upper() for module in modules] == codes


def test_every_rule_has_a_page_with_the_fixed_headings() -> None:
    # The indexes are made from the registry (tests/cli/test_cli_readme.py).
    for rule in ALL_RULES:
        page = ROOT / "rules" / f"{rule.code}-{rule.name}.md"
        text = page.read_text()
        assert text.startswith(f"# {rule.code} {rule.name}\n")
        found = [line for line in text.splitlines() if line in HEADINGS]
        assert found == HEADINGS, page.name


def test_every_rule_has_a_test_module() -> None:
    for rule in ALL_RULES:
        module = ROOT / "tests" / "rules" / f"test_{rule.code.lower()}.py"
        assert module.is_file(), module.name


def test_summaries_are_one_present_tense_sentence_without_final_period() -> None:
    for rule in ALL_RULES:
        assert not rule.summary.endswith("."), rule.code
        assert re.match(r"(Flags|Reports) ", rule.summary), rule.code
        assert "\n" not in rule.summary


def test_syntax_and_suppression_rules_are_plain_rules() -> None:
    assert SYNTAX_ERROR.code == "SL001"
    assert UNUSED_SUPPRESSION.code == "SL002"
    for rule in (SYNTAX_ERROR, UNUSED_SUPPRESSION):
        assert issubclass(rule, Rule)
        assert not issubclass(rule, (ChangeRule, SchemaRule))


def test_find_rule_accepts_code_or_name_in_any_case() -> None:
    assert find_rule("SL201") is find_rule("sl201") is find_rule("Unindexed-Foreign-Key")
    assert find_rule(" hard-delete ") is find_rule("SL401")
    assert find_rule("SL999") is None
    assert find_rule("SL2") is None
