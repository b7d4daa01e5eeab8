"""SL607 view-bypasses-rls: the API's roles read through a view, materialized view or foreign
table past row level security."""

from __future__ import annotations

from schemalint.catalog.views import View
from schemalint.findings import Help, Severity
from schemalint.rules._policies import (
    api_holders,
    exposed_schemas,
    grantee_list,
    postgres_version,
)
from schemalint.rules.base import RuleOptions, SchemaContext, SchemaRule


class ViewBypassesRlsOptions(RuleOptions):
    # None: the project-wide exposed schemas (``exposed-schemas`` in the config).
    exposed_schemas: tuple[str, ...] | None = None
    # None: the project's PostgreSQL major version (15 when it does not say).
    postgres_version: int | None = None


def _label(schema: str, name: str) -> str:
    return name if schema == "public" else f"{schema}.{name}"


class ViewBypassesRls(SchemaRule[ViewBypassesRlsOptions]):
    code = "SL607"
    name = "view-bypasses-rls"
    severity = Severity.WARNING
    severe = Severity.ERROR
    summary = (
        "Flags a view without `security_invoker`, or one that reads `auth.users`, and a "
        "materialized view or foreign table, that `anon` or `authenticated` can read in an "
        "exposed schema"
    )
    options_model = ViewBypassesRlsOptions
    dialects = frozenset({"postgres"})
    security_severity = 7.5

    def check(self, ctx: SchemaContext[ViewBypassesRlsOptions]) -> None:
        exposed = exposed_schemas(ctx.settings, ctx.options.exposed_schemas)
        invoker_exists = postgres_version(ctx.settings, ctx.options.postgres_version) >= 15
        for view in ctx.catalog.views.values():
            readers = api_holders(view.acl, "select")
            if view.schema in exposed and readers:
                self._view(ctx, view, readers, invoker_exists)
        for table in ctx.catalog.foreign_tables.values():
            readers = api_holders(table.acl, "select")
            if table.schema in exposed and readers:
                ctx.report(
                    table.exposure_span or table.name_span,
                    f"Foreign table `{_label(table.schema, table.name)}` in the exposed "
                    f"schema `{table.schema}` is readable by {grantee_list(readers)}",
                    help=Help(_FOREIGN_TABLE_HELP, (table.schema, table.name)),
                )

    def _view(
        self,
        ctx: SchemaContext[ViewBypassesRlsOptions],
        view: View,
        readers: tuple[str, ...],
        invoker_exists: bool,
    ) -> None:
        label = _label(view.schema, view.name)
        where = view.exposure_span or view.name_span
        names = (view.schema, view.name)
        who = grantee_list(readers)
        if view.reads_auth_users:
            ctx.report(
                where,
                f"{view.kind.capitalize()} `{label}` reads `auth.users` and is readable by "
                f"{who} through the API",
                help=Help(_AUTH_USERS_HELP, names),
                severity=self.severe,
            )
            return
        if view.kind == "materialized view":
            ctx.report(
                where,
                f"Materialized view `{label}` in the exposed schema `{view.schema}` is "
                f"readable by {who}",
                help=Help(_MATERIALIZED_HELP, names),
            )
            return
        if invoker_exists and not view.security_invoker:
            ctx.report(
                where,
                f"View `{label}` runs with its owner's rights (no `security_invoker`) and "
                f"is readable by {who}, past the row level security of the tables it reads",
                help=Help(_INVOKER_HELP, names),
            )


# ``{0}``: the relation's schema; ``{1}``: its name.
_FOREIGN_TABLE_HELP = (
    "A foreign table's rows come from another server and row level security does not apply to "
    "them. Move it to a schema the API does not serve (and reach it through a function that "
    "checks the caller), or `REVOKE SELECT ON {0}.{1} FROM PUBLIC, anon, authenticated;`."
)
_REVOKE = "`REVOKE SELECT ON {0}.{1} FROM PUBLIC, anon, authenticated;`"
_AUTH_USERS_HELP = (
    "`auth.users` holds every user's email, phone and metadata; a relation of an exposed schema "
    "that reads it shows them to the API. Keep the columns you need in a table of your own "
    "(filled by a trigger) with row level security, or " + _REVOKE
)
_MATERIALIZED_HELP = (
    "A materialized view stores the rows of its query and has no row level security: every row "
    "is readable through the API. Move it to a schema the API does not serve, or " + _REVOKE
)
_INVOKER_HELP = (
    "A view checks the privileges and row level security of its owner, not of the caller, "
    "unless it is created `WITH (security_invoker = on)` (PostgreSQL 15+). Add the option "
    "(`ALTER VIEW {0}.{1} SET (security_invoker = on);`), or " + _REVOKE
)
