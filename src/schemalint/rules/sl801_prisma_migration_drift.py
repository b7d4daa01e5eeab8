"""SL801 prisma-migration-drift: the Prisma schema and its migration history disagree."""

from __future__ import annotations

from schemalint.findings import Severity
from schemalint.rules.base import DriftContext, DriftRule, RuleOptions

_HELP_MISSING = (
    "The database the migrations build lacks what the schema declares: queries through "
    "Prisma Client fail there. If the schema is right, run `prisma migrate dev` to generate "
    "the migration; if the object is meant to go, remove it from the schema too."
)
_HELP_REMOVED = (
    "This migration removes what the Prisma schema still declares: the next "
    "`prisma migrate dev` puts it back, and Prisma Client expects it. Remove it from the "
    "schema in the same change, or keep it in the database."
)
_HELP_EXTRA = (
    "Prisma does not know this object: the next `prisma migrate dev` generates a migration "
    "that drops it. Model it in the schema (`prisma db pull` shows how), or mark the model "
    "`@@ignore`."
)
_HELP_DIFFERS = (
    "The database and the schema disagree: the next `prisma migrate dev` generates a "
    "migration that changes the database back to what the schema says. Change the schema "
    "to match, or let Prisma generate the migration."
)


class PrismaMigrationDrift(DriftRule[RuleOptions]):
    code = "SL801"
    name = "prisma-migration-drift"
    severity = Severity.ERROR
    summary = "Flags a difference between a Prisma schema and the database its migrations build"
    origins = frozenset({"prisma"})

    def check(self, ctx: DriftContext[RuleOptions]) -> None:
        from schemalint.rules._prisma_drift import differences

        if ctx.scope is None or ctx.marks is None:
            return
        for found in differences(ctx.catalog, ctx.history, ctx.scope, ctx.marks):
            if found.kind == "missing":
                help = _HELP_REMOVED if found.removed else _HELP_MISSING
            elif found.kind == "extra":
                help = _HELP_EXTRA
            else:
                help = _HELP_DIFFERS
            ctx.report(found.span, found.message, help=help)
