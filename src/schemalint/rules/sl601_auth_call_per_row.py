"""SL601 auth-call-per-row: a policy calls ``auth.uid()`` & co. once per row."""

from __future__ import annotations

from schemalint.findings import Help, Severity
from schemalint.rules._naming import table_label
from schemalint.rules._policies import rls_tables
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule

# The message and the help share their names: ``{0}`` the first call, ``{1}`` the policy,
# ``{2}`` its table, ``{3}`` how many more such calls it makes (text, or nothing).
_MESSAGE = "Policy `{1}` on `{2}` calls `{0}` for every row{3}"
# By whether the policy makes more such calls.
_HELP = {
    more: (
        "PostgreSQL evaluates a function call in a policy once for each row "
        "the policy filters; a sub-select without FROM is evaluated once per "
        "statement. Write `(select {0})`"
        + (" and wrap the other calls the same way" if more else "")
        + ": on large tables this turns seconds into milliseconds."
    )
    for more in (False, True)
}


class AuthCallPerRow(SchemaRule[RuleOptions]):
    code = "SL601"
    name = "auth-call-per-row"
    severity = Severity.WARNING
    summary = (
        "Flags a policy that calls `auth.uid()`, `auth.jwt()` or `current_setting()` "
        "for every row instead of once, in `(select ...)`"
    )
    dialects = frozenset({"postgres"})
    tags = ("performance",)

    def check(self, ctx: SchemaContext[RuleOptions]) -> None:
        for table in rls_tables(ctx):
            for policy in table.policies:
                calls = [call for facts in policy.clauses() for call in facts.per_row_calls]
                if not calls:
                    continue
                first = calls[0]
                more = len(calls) - 1
                others = f" ({more} more such call{'s' if more > 1 else ''})" if more else ""
                args = (first.text, policy.name, table_label(table), others)
                ctx.report(first.span, Help(_MESSAGE, args), help=Help(_HELP[bool(more)], args))
