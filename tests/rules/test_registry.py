"""The registry: every rule listed once, documented, tested, and found by code or name."""

from __future__ import annotations

import re
from pathlib import Path

from schemalint.rule_docs import HEADINGS as PAGE_HEADINGS
from schemalint.rules.base import ChangeRule, Rule, SchemaRule
from schemalint.rules.registry import ALL_RULES, SYNTAX_ERROR, UNUSED_SUPPRESSION, find_rule

ROOT = Path(__file__).resolve().parents[2]
HEADINGS = [f"## {heading}" for heading in PAGE_HEADINGS]


def test_rules_are_ordered_by_unique_code_and_name() -> None:
    codes = [rule.code for rule in ALL_RULES]
    names = [rule.name for rule in ALL_RULES]
    assert codes == sorted(set(codes))
    assert len(set(names)) == len(names)
    assert codes == [
        "SL001", "SL002", "SL003", "SL004", "SL101", "SL102", "SL103", "SL104", "SL105",
        "SL106", "SL107", "SL108", "SL201", "SL301", "SL401", "SL402", "SL403", "SL501",
        "SL502", "SL503", "SL504", "SL505", "SL506", "SL507", "SL508", "SL601", "SL602", "SL603",
        "SL604", "SL605", "SL606", "SL607", "SL608", "SL609", "SL701",
        "SL801",
    ]  # fmt: skip


def test_every_rule_has_a_page_with_the_fixed_headings_and_an_index_entry() -> None:
    index = (ROOT / "rules" / "README.md").read_text()
    for rule in ALL_RULES:
        page = ROOT / "rules" / f"{rule.code}-{rule.name}.md"
        text = page.read_text()
        assert text.startswith(f"# {rule.code} {rule.name}\n")
        found = [line for line in text.splitlines() if line in HEADINGS]
        assert found == HEADINGS, page.name
        assert f"]({page.name})" in index


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


def test_origins_and_dialects_match_the_rule_table() -> None:
    table = {rule.code: (sorted(rule.origins), sorted(rule.dialects)) for rule in ALL_RULES}
    both, every = ["prisma", "sql"], ["mysql", "postgres", "sqlite"]
    assert table == {
        "SL001": (both, every),
        "SL002": (both, every),
        "SL003": (["sql"], ["postgres"]),
        "SL004": (["sql"], ["postgres"]),
        "SL101": (both, every),
        "SL102": (["sql"], ["postgres"]),
        "SL103": (["sql"], ["postgres"]),
        "SL104": (["sql"], ["postgres"]),
        "SL105": (both, every),
        "SL106": (both, every),
        "SL107": (both, every),
        "SL108": (["sql"], ["postgres"]),
        "SL201": (both, ["postgres", "sqlite"]),
        "SL301": (["sql"], every),
        "SL401": (["sql"], every),
        "SL402": (both, every),
        "SL501": (["sql"], ["postgres"]),
        "SL502": (["sql"], ["postgres"]),
        "SL503": (["sql"], ["postgres"]),
        "SL504": (["sql"], ["postgres"]),
        "SL505": (["sql"], ["postgres"]),
        "SL506": (["sql"], ["postgres"]),
        "SL507": (["sql"], ["postgres"]),
        "SL508": (["sql"], ["postgres"]),
        "SL601": (["sql"], ["postgres"]),
        "SL602": (["sql"], ["postgres"]),
        "SL603": (["sql"], ["postgres"]),
        "SL604": (["sql"], ["postgres"]),
        "SL605": (["sql"], ["postgres"]),
        "SL606": (["sql"], ["postgres"]),
        "SL607": (["sql"], ["postgres"]),
        "SL608": (["sql"], ["postgres"]),
        "SL609": (["sql"], ["postgres"]),
        "SL403": (both, ["postgres", "sqlite"]),
        "SL701": (["sql"], ["postgres"]),
        "SL801": (["prisma"], every),
    }
