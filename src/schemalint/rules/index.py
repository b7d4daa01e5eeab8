"""The indexes of the rules, made from the registry: ``schemalint rules`` and the tables of
README.md and rules/README.md (between ``rules-table`` markers, kept by a test)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from schemalint.rules.base import Rule
from schemalint.rules.docs import doc_url, page_name
from schemalint.tools.dialects import DIALECTS

TABLE_START = "<!-- rules-table:"
TABLE_END = "<!-- rules-table-end -->"


def _severity(rule: type[Rule[Any]]) -> str:
    """The default severity, ``warning/error`` for a rule with severe findings."""
    severe = f"/{rule.severe.value}" if rule.severe is not None else ""
    return rule.severity.value + severe


def _inputs(rule: type[Rule[Any]]) -> str:
    """``SQL (PostgreSQL, SQLite), Prisma``: the inputs, and the dialects unless all."""
    inputs = []
    if "sql" in rule.origins:
        labels = [d.label for d in DIALECTS.values() if d.name in rule.dialects]
        inputs.append("SQL" if len(labels) == len(DIALECTS) else f"SQL ({', '.join(labels)})")
    if "prisma" in rule.origins:
        inputs.append("Prisma")
    return ", ".join(inputs)


def fix_label(rule: type[Rule[Any]]) -> str:
    """The "Fix" column: ``yes`` (``fix`` writes a new migration), ``unsafe`` (only
    ``fix --unsafe-fixes``, in a migration not committed yet), or nothing."""
    if rule.fixable:
        return "yes"
    return "unsafe" if rule.unsafe_fixable else ""


def rules_listing(rules: Iterable[type[Rule[Any]]]) -> str:
    """``schemalint rules``: code, name, severity, fix, inputs, in aligned columns."""
    rows = [("CODE", "NAME", "SEVERITY", "FIX", "INPUTS")]
    for rule in rules:
        inputs = ", ".join(sorted(rule.origins)) if rule.origins else "-"
        rows.append((rule.code, rule.name, _severity(rule), fix_label(rule), inputs))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        + "\n"
        for row in rows
    )


def _markdown(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    rule = "|---" * len(header) + "|\n"
    lines = [f"| {' | '.join(cells)} |\n" for cells in (header, *rows)]
    return lines[0] + rule + "".join(lines[1:])


def readme_table(rules: Iterable[type[Rule[Any]]]) -> str:
    """The Markdown rows README.md holds between its ``rules-table`` markers."""
    return _markdown(
        ("Code", "Name", "Default severity", "Fix", "What it reports"),
        (
            (
                f"[{r.code}]({doc_url(r.code, r.name)})",
                f"`{r.name}`",
                r.severity.value,
                fix_label(r),
                r.summary,
            )
            for r in rules
        ),
    )


def index_table(rules: Iterable[type[Rule[Any]]]) -> str:
    """The Markdown rows rules/README.md holds between its ``rules-table`` markers."""
    return _markdown(
        ("Code", "Name", "Default", "Inputs", "Fix", "What it reports"),
        (
            (
                f"[{r.code}]({page_name(r.code, r.name)})",
                f"`{r.name}`",
                _severity(r),
                _inputs(r),
                fix_label(r),
                r.summary,
            )
            for r in rules
        ),
    )


def with_table(text: str, table: str) -> str:
    """``text`` with ``table`` between its ``rules-table`` markers."""
    head, rest = text.split(TABLE_START, 1)
    marker, rest = rest.split("\n", 1)
    tail = rest.split(TABLE_END, 1)[1]
    return f"{head}{TABLE_START}{marker}\n{table}{TABLE_END}{tail}"
