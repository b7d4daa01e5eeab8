"""SL608 extension-in-public: an extension installed into the ``public`` schema."""

from __future__ import annotations

from schemalint.findings import Help, Severity
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule

# Installed in every database, in pg_catalog; it never lands in public.
_BUILT_IN = frozenset({"plpgsql"})


class ExtensionInPublic(SchemaRule[RuleOptions]):
    code = "SL608"
    name = "extension-in-public"
    severity = Severity.WARNING
    summary = "Flags `CREATE EXTENSION` that installs an extension into the `public` schema"
    dialects = frozenset({"postgres"})
    security_severity = 4.3

    def check(self, ctx: SchemaContext[RuleOptions]) -> None:
        for extension in ctx.catalog.extensions.values():
            if extension.schema != "public" or extension.name in _BUILT_IN:
                continue
            ctx.report(
                extension.span,
                f"Extension `{extension.name}` is installed in the `public` schema",
                help=Help(_HELP, (extension.name,)),
            )


# ``{0}``: the extension's name.
_HELP = (
    "Its functions, types and tables land next to your own objects in a schema the API serves, "
    "where they can be called or read. Install it in `extensions`: `CREATE EXTENSION IF NOT "
    'EXISTS "{0}" WITH SCHEMA extensions;` (or `ALTER EXTENSION "{0}" SET SCHEMA extensions;` '
    "where it is relocatable)."
)
