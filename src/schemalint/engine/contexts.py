"""The rules' contexts and runners: change rules by statement class, replay rules by
event, schema rules on a whole catalog."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from schemalint import ir
from schemalint.catalog.model import Catalog
from schemalint.engine.active import ActiveRule
from schemalint.engine.collector import Collector
from schemalint.file_index import FileIndex
from schemalint.rules.base import (
    ChangeContext,
    ChangeRule,
    ReplayRule,
    SchemaContext,
    SchemaRule,
    Settings,
)
from schemalint.source import SourceFile

if TYPE_CHECKING:
    from schemalint.engine.stream import Where


def with_bodies(statement: ir.Statement) -> Iterable[tuple[ir.Statement, bool]]:
    yield statement, False
    if isinstance(statement, ir.CreateSchema):
        # Its elements run now, as part of the statement.
        for element in statement.elements:
            yield from with_bodies(element)
    if isinstance(statement, (ir.CreateFunction, ir.DoBlock)):
        for inner in statement.body:
            for nested, _ in with_bodies(inner):
                yield nested, True


class ByStatementType:
    """The change rules that want each statement class, found once per class: asking every
    rule about every statement was a tenth of the engine's own time on a large file."""

    def __init__(self, rules: Sequence[ActiveRule]) -> None:
        self.rules = rules
        self._wanting: dict[type[ir.Statement], tuple[ActiveRule, ...]] = {}

    def __bool__(self) -> bool:
        return bool(self.rules)

    def wanting(self, statement: ir.Statement) -> tuple[ActiveRule, ...]:
        kind = type(statement)
        found = self._wanting.get(kind)
        if found is None:
            found = self._wanting[kind] = tuple(
                a
                for a in self.rules
                if isinstance(a.rule, ChangeRule) and issubclass(kind, a.rule.statement_types)
            )
        return found


def run_change_rules(
    statement: ir.Statement,
    where: Where,
    index: int,
    done: FileIndex,
    catalog: Catalog,
    settings: Settings,
    change_rules: ByStatementType,
    collector: Collector,
) -> None:
    for candidate, in_body in with_bodies(statement):
        for active in change_rules.wanting(candidate):
            rule = active.rule
            assert isinstance(rule, ChangeRule)
            ctx: ChangeContext[Any] = ChangeContext(
                options=active.options,
                settings=settings,
                catalog=catalog,
                _report=collector.reporter(active),
                statements=where.statements,
                index=index,
                in_body=in_body,
                model=where.model,
                run=where.run,
                sql_index=where.sql_index,
                batch_start=where.batch_start,
                positions=where.positions,
                sources={where.source.path: where.source},
                earlier_index=done,
            )
            rule.check(candidate, ctx)


def run_replay_rules(
    events: Sequence[object],
    statements: Sequence[ir.Statement],
    index: int,
    catalog: Catalog,
    settings: Settings,
    replay_rules: Sequence[ActiveRule],
    collector: Collector,
) -> None:
    for event in events:
        for active in replay_rules:
            rule = active.rule
            assert isinstance(rule, ReplayRule)
            if isinstance(event, rule.event_types):
                ctx: ChangeContext[Any] = ChangeContext(
                    options=active.options,
                    settings=settings,
                    catalog=catalog,
                    _report=collector.reporter(active),
                    statements=statements,
                    index=index,
                )
                rule.check(event, ctx)


def run_schema_rules(
    catalog: Catalog,
    settings: Settings,
    applicable: Sequence[ActiveRule],
    collector: Collector,
    files: Sequence[SourceFile],
    judged_elsewhere: frozenset[tuple[str, str]] = frozenset(),
) -> None:
    sources = {f.path: f for f in files}
    shared: dict[object, object] = {}
    for active in applicable:
        rule = active.rule
        if isinstance(rule, SchemaRule):
            ctx: SchemaContext[Any] = SchemaContext(
                options=active.options,
                settings=settings,
                catalog=catalog,
                _report=collector.reporter(active),
                sources=sources,
                judged_elsewhere=judged_elsewhere if "prisma" in rule.origins else frozenset(),
                shared=shared,
            )
            rule.check(ctx)
