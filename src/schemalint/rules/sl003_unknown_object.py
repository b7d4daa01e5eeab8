"""SL003 unknown-object: a statement on a table that the migrations before it do not create."""

from __future__ import annotations

from schemalint.catalog.events import ReplayEvent, UnknownTable
from schemalint.findings import Help, Severity
from schemalint.rules._naming import listed
from schemalint.rules.base import ChangeContext, ReplayRule, RuleOptions


class UnknownObjectOptions(RuleOptions):
    # Tables made outside the migrations (by the platform, an extension, another tool), as
    # ``name`` or ``schema.name``.
    allow: tuple[str, ...] = ()


class UnknownObject(ReplayRule[UnknownObjectOptions]):
    code = "SL003"
    name = "unknown-object"
    severity = Severity.WARNING
    summary = (
        "Flags `ALTER TABLE`, `DROP TABLE`, `CREATE INDEX` and policies on a table that the "
        "migrations before them do not create"
    )
    options_model = UnknownObjectOptions
    dialects = frozenset({"postgres"})
    event_types = (UnknownTable,)

    def check(self, event: ReplayEvent, ctx: ChangeContext[UnknownObjectOptions]) -> None:
        assert isinstance(event, UnknownTable)
        ref = event.table
        schema = event.schema
        if schema is not None and not ctx.settings.is_linted_schema(schema):
            return  # platform and extension schemas are made outside the migrations
        if listed(ctx.options.allow, schema, ref.name):
            return
        shown = ref.display()
        ctx.report(
            event.span,
            f"`{event.action}` on table `{shown}`, which no earlier migration creates",
            help=Help(_HELP, (shown,)),
        )


# ``{0}``: the table as written.
_HELP = (
    'PostgreSQL stops the migration here (relation "{0}" does not exist). Usually the migration '
    "that creates the table sorts after this one (check the file names), is a file the migration "
    "tool does not apply, or the name is misspelled. If the table is made outside the migrations "
    "(by the platform, an extension or another tool), list it under this rule's `allow` option."
)
