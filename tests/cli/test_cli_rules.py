"""``schemalint rules`` and ``schemalint rule CODE|NAME``."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from schemalint.rules.docs import HEADINGS
from schemalint.rules.registry import ALL_RULES
from tests.cli.conftest import invoke

ROOT = Path(__file__).resolve().parents[2]


def test_rules_prints_one_aligned_row_per_registered_rule_with_a_page() -> None:
    result = invoke(["rules"])

    lines = result.stdout.splitlines()
    assert (result.exit_code, result.stderr, lines[0].split()) == (
        0,
        "",
        ["CODE", "NAME", "SEVERITY", "FIX", "INPUTS"],
    )
    # Columns start where the header's words do, two spaces after the widest cell.
    starts = [lines[0].index(word) for word in lines[0].split()]
    rows = [
        tuple(line[start:end].strip() for start, end in pairwise([*starts, None]))
        for line in lines[1:]
    ]
    assert rows == [
        (
            rule.code,
            rule.name,
            rule.severity.value + (f"/{rule.severe.value}" if rule.severe else ""),
            "yes" if rule.fixable else "unsafe" if rule.unsafe_fixable else "",
            ", ".join(sorted(rule.origins)),
        )
        for rule in ALL_RULES
    ]
    widths = [max(len(row[i]) for row in [lines[0].split(), *rows]) for i in range(4)]
    assert [b - a for a, b in pairwise(starts)] == [width + 2 for width in widths]
    assert all(line == line.rstrip() for line in lines)
    for code, name, *_ in rows:
        page = (ROOT / "rules" / f"{code}-{name}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {code} {name}\n")
    # Rows as a reader sees them: a fixable rule, one fixed only in place by
    # --unsafe-fixes, and one with severe findings.
    assert ("SL201", "unindexed-foreign-key", "warning", "yes", "prisma, sql") in rows
    assert ("SL503", "blocking-validation", "warning", "unsafe", "sql") in rows
    assert ("SL606", "mutable-search-path", "warning/error", "", "sql") in rows


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
