"""``--statistics``: how many findings each rule reported, most frequent first (as ruff's)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from schemalint.output.reporters._common import (
    Result,
    RuleLike,
    rules_by_code,
    summary_line,
    visible,
)


def render_statistics(
    result: Result, *, rules: Iterable[RuleLike] = (), summary: bool = True
) -> str:
    """One line per rule: count, code, name, ``[*]`` when the rule has a fix."""
    shown = visible(result.findings)
    counted = Counter((f.code, f.name) for f in shown)
    known = rules_by_code(rules)
    rows = sorted(counted.items(), key=lambda item: (-item[1], item[0][0]))
    width = max((len(str(count)) for _, count in rows), default=1)
    lines = [
        f"{count:>{width}}  {code}  {'[*]' if code in known and known[code].fixable else '   '} {name}"
        for (code, name), count in rows
    ]
    if summary:
        lines.append(summary_line(result.findings))
    return "".join(line + "\n" for line in lines)
