"""SL001 syntax-error: a statement or schema that does not parse.

The frontends produce these (``ir.Unparsable`` / Prisma parse errors) and the engine turns
them into findings; the class exists so the rule is listed, selectable and documented.
"""

from __future__ import annotations

from schemalint.findings import Severity
from schemalint.rules.base import Rule, RuleOptions


class SyntaxErrorRule(Rule[RuleOptions]):
    code = "SL001"
    name = "syntax-error"
    severity = Severity.ERROR
    summary = "Reports a SQL statement or Prisma schema line that does not parse"
    origins = frozenset({"sql", "prisma"})
