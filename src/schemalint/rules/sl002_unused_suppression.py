"""SL002 unused-suppression: an inline ``schemalint-ignore`` comment that suppressed nothing.

The suppression code produces these findings; the class exists so the rule is listed,
selectable and documented.
"""

from __future__ import annotations

from schemalint.findings import Severity
from schemalint.rules.base import Rule, RuleOptions


class UnusedSuppression(Rule[RuleOptions]):
    code = "SL002"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "Reports a `schemalint-ignore` comment that suppresses no finding"
    origins = frozenset({"sql", "prisma"})
