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
    Reporter,
    RuleOptions,
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


NESTING = (ir.CreateSchema, ir.CreateFunction, ir.DoBlock)
"""The statements ``with_bodies`` finds others in: most hold none, and need no walk."""


_Rule = tuple[ChangeRule[Any], RuleOptions, Reporter]
"""A change rule, its options and where its findings go."""


class ByStatementType:
    """The change rules that want each statement class, found once per class: asking every
    rule about every statement was a tenth of the engine's own time on a large file. Each
    comes with its options and its reporter to ``collector``, made once per stream."""

    def __init__(self, rules: Sequence[ActiveRule], collector: Collector) -> None:
        self.rules = rules
        # By statement class (``wanting[type(statement)]``).
        self.wanting = _Wanting(
            (active.rule, active.options, collector.reporter(active))
            for active in rules
            if isinstance(active.rule, ChangeRule)
        )

    def __bool__(self) -> bool:
        return bool(self.rules)


class _Wanting(dict[type[ir.Statement], tuple[_Rule, ...]]):
    """The rules that want each statement class, found at its first statement."""

    def __init__(self, rules: Iterable[_Rule]) -> None:
        super().__init__()
        self.rules = tuple(rules)

    def __missing__(self, kind: type[ir.Statement]) -> tuple[_Rule, ...]:
        found = self[kind] = tuple(
            entry for entry in self.rules if issubclass(kind, entry[0].statement_types)
        )
        return found


def run_change_rules(
    parts: Sequence[tuple[ir.Statement, bool]],
    where: Where,
    index: int,
    done: FileIndex,
    catalog: Catalog,
    settings: Settings,
    change_rules: ByStatementType,
) -> None:
    """The change rules that want them judge ``parts`` (a top-level statement
    ``with_bodies``)."""
    for candidate, in_body in parts:
        for rule, options, report in change_rules.wanting[type(candidate)]:
            ctx: ChangeContext[Any] = ChangeContext(
                options=options,
                settings=settings,
                catalog=catalog,
                _report=report,
                statements=where.statements,
                index=index,
                in_body=in_body,
                model=where.model,
                run=where.run,
                sql_index=where.sql_index,
                batch_start=where.batch_start,
                positions=where.positions,
                sources=where.sources,
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
