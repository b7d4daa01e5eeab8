"""SL606 mutable-search-path: a function that resolves names with the caller's search_path."""

from __future__ import annotations

from schemalint.findings import Help, Severity
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule

# By whether the function is SECURITY DEFINER; ``{0}``: its signature.
_MESSAGE = {
    definer: ("`SECURITY DEFINER` function" if definer else "Function")
    + " `{0}` does not set `search_path`"
    for definer in (False, True)
}
_HELP = {
    definer: (
        "Without `SET search_path` the function looks names up along the "
        "caller's `search_path`, so whoever calls it can put a table or function "
        "of their own in front of the ones it means"
        + (", and run it with the owner's rights. " if definer else ". ")
        + "Add `SET search_path = ''` to the definition and qualify the names "
        "in the body (`public.orders`), or "
        "`ALTER FUNCTION {0} SET search_path = '';`."
    )
    for definer in (False, True)
}


class MutableSearchPath(SchemaRule[RuleOptions]):
    code = "SL606"
    name = "mutable-search-path"
    severity = Severity.WARNING
    severe = Severity.ERROR
    summary = "Flags a function that does not pin its `search_path` with `SET search_path`"
    dialects = frozenset({"postgres"})
    security_severity = 5.3

    def check(self, ctx: SchemaContext[RuleOptions]) -> None:
        for function in ctx.catalog.functions.values():
            if function.search_path or not ctx.settings.is_linted_schema(function.schema):
                continue
            definer = function.security_definer
            args = (function.signature,)
            ctx.report(
                function.search_path_span or function.name_span,
                Help(_MESSAGE[definer], args),
                help=Help(_HELP[definer], args),
                severity=self.severe if definer else None,
            )
