"""A Prisma schema linted: its drift from its migration history, then its schema rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from schemalint.catalog.model import Catalog
from schemalint.config import Config
from schemalint.engine.active import ActiveRule, settings_for
from schemalint.engine.collector import Collector, syntax_error
from schemalint.engine.contexts import run_schema_rules
from schemalint.inputs.discovery import PrismaSchema
from schemalint.rules.base import DriftContext, DriftRule
from schemalint.source import SourceFile
from schemalint.tools.dialects import behaviour_of

if TYPE_CHECKING:
    from schemalint.catalog.history import HistoryMarks
    from schemalint.frontends.prisma import PrismaLoad


def _with_migration_indexes(schema_catalog: Catalog, history: Catalog) -> None:
    """Add to the schema's tables the indexes its migration history made by hand.

    Prisma only knows the indexes it declares; an index written into a migration by hand
    still covers a foreign key in the database.
    """
    for key, table in schema_catalog.tables.items():
        migrated = history.tables.get(key)
        if migrated is None:
            continue
        known = {index.name for index in table.indexes}
        extra = tuple(index for index in migrated.indexes if index.name not in known)
        if extra:
            schema_catalog.tables[key] = table.with_changes(indexes=table.indexes + extra)


def lint_prisma(
    loaded: PrismaLoad,
    config: Config,
    active: Sequence[ActiveRule],
    collector: Collector,
    history: tuple[Catalog, HistoryMarks | None, Sequence[SourceFile]] | None,
    files: Sequence[SourceFile],
) -> tuple[str, ...]:
    """``history``: the catalog the schema's migrations build, their marks and files."""
    if history is not None:
        _run_drift_rules(loaded, config, active, collector, history, files)
        _with_migration_indexes(loaded.catalog, history[0])
    settings = settings_for(config, loaded.catalog.dialect, "prisma")
    for error in loaded.errors:
        if error.span.path in collector.targets:
            finding = syntax_error(error, active)
            if finding:
                collector.findings.append(finding)
    applicable = [
        a
        for a in active
        if "prisma" in a.rule.origins
        and behaviour_of(loaded.catalog.dialect).applies(a.rule.dialects)
    ]
    run_schema_rules(loaded.catalog, settings, applicable, collector, files)
    return tuple(a.rule.code for a in applicable)


def _run_drift_rules(
    loaded: PrismaLoad,
    config: Config,
    active: Sequence[ActiveRule],
    collector: Collector,
    history: tuple[Catalog, HistoryMarks | None, Sequence[SourceFile]],
    files: Sequence[SourceFile],
) -> None:
    from schemalint.frontends.prisma.scope import scope_of

    catalog, marks, history_files = history
    dialect = loaded.catalog.dialect
    if behaviour_of(catalog.dialect) is not behaviour_of(dialect):
        return  # the history is read as another database: nothing compares
    settings = settings_for(config, dialect, "prisma")
    sources = {f.path: f for f in (*files, *history_files)}
    scope = scope_of(loaded.ast)
    for active_rule in active:
        rule = active_rule.rule
        if isinstance(rule, DriftRule) and behaviour_of(dialect).applies(rule.dialects):
            ctx: DriftContext[Any] = DriftContext(
                options=active_rule.options,
                settings=settings,
                catalog=loaded.catalog,
                _report=collector.reporter(active_rule),
                sources=sources,
                history=catalog,
                scope=scope,
                marks=marks,
            )
            rule.check(ctx)


def load_prisma_schemas(
    schemas: Sequence[PrismaSchema],
) -> list[tuple[PrismaSchema, PrismaLoad]]:
    """Every schema parsed and lowered; the Prisma frontend is imported only when there is one."""
    if not schemas:
        return []
    from schemalint.frontends import prisma

    return [(schema, prisma.load(schema)) for schema in schemas]
