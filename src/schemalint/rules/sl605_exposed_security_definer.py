"""SL605 exposed-security-definer: the API's roles can call a SECURITY DEFINER function."""

from __future__ import annotations

from schemalint.findings import Help, Severity
from schemalint.rules._policies import api_holders, exposed_schemas, grantee_list
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule


class ExposedSecurityDefinerOptions(RuleOptions):
    # None: the project-wide exposed schemas (``exposed-schemas`` in the config).
    exposed_schemas: tuple[str, ...] | None = None
    # Functions meant to be called through the API with their owner's rights
    # (``schema.name`` or ``name``).
    allow: tuple[str, ...] = ()


class ExposedSecurityDefiner(SchemaRule[ExposedSecurityDefinerOptions]):
    code = "SL605"
    name = "exposed-security-definer"
    severity = Severity.WARNING
    summary = (
        "Flags a `SECURITY DEFINER` function in an exposed schema that `anon` or "
        "`authenticated` can execute"
    )
    options_model = ExposedSecurityDefinerOptions
    dialects = frozenset({"postgres"})
    security_severity = 7.5

    def check(self, ctx: SchemaContext[ExposedSecurityDefinerOptions]) -> None:
        exposed = exposed_schemas(ctx.settings, ctx.options.exposed_schemas)
        allowed = set(ctx.options.allow)
        for function in ctx.catalog.functions.values():
            if (
                function.schema not in exposed
                or not function.security_definer
                or not function.callable
                or function.name in allowed
                or f"{function.schema}.{function.name}" in allowed
            ):
                continue
            callers = api_holders(function.acl, "execute")
            if not callers:
                continue
            ctx.report(
                function.exposure_span or function.name_span,
                f"Function `{function.signature}` runs as its owner (`SECURITY DEFINER`) "
                f"and {grantee_list(callers)} can execute it through the API",
                help=Help(_HELP, (function.signature,)),
            )


# ``{0}``: the function's signature.
_HELP = (
    "The API serves every function of an exposed schema that the caller may execute, and a "
    "`SECURITY DEFINER` function runs with its owner's rights, past row level security. Move it "
    "to a schema the API does not serve, make it `SECURITY INVOKER`, or take the privilege away: "
    "`REVOKE EXECUTE ON FUNCTION {0} FROM PUBLIC, anon, authenticated;` (PUBLIC holds it by "
    "default, `anon` and `authenticated` by Supabase's default privileges)."
)
