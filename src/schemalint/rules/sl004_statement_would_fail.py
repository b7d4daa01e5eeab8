"""SL004 statement-would-fail: a statement PostgreSQL rejects in the schema the history left."""

from __future__ import annotations

from schemalint.catalog.events import ReplayEvent, WouldFail
from schemalint.findings import Help, Severity
from schemalint.rules.base import ChangeContext, ReplayRule, RuleOptions


class StatementWouldFail(ReplayRule[RuleOptions]):
    code = "SL004"
    name = "statement-would-fail"
    severity = Severity.ERROR
    summary = "Flags a statement that PostgreSQL rejects in the schema the earlier migrations leave"
    dialects = frozenset({"postgres"})
    event_types = (WouldFail,)

    def check(self, event: ReplayEvent, ctx: ChangeContext[RuleOptions]) -> None:
        assert isinstance(event, WouldFail)
        detail = f" ({'; '.join(event.details)})" if event.details else ""
        hint = event.hint.rstrip()
        ctx.report(
            event.span,
            f"PostgreSQL rejects this statement: {event.message}{detail}",
            help=Help(_WITH_HINT, (hint,)) if hint else _HELP,
        )


_HELP = (
    "The migration stops here when it runs, and nothing after it in the file is applied (in a "
    "transaction, nothing of the file is)."
)
# ``{0}``: the replay's hint.
_WITH_HINT = _HELP + " {0}"
