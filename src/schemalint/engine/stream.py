"""One stream's run: each file parsed, judged and replayed as its statements stream in."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from schemalint import ir
from schemalint.catalog.model import Catalog
from schemalint.config import Config
from schemalint.engine.active import ActiveRule, settings_for
from schemalint.engine.collector import Collector, syntax_error
from schemalint.engine.contexts import (
    NESTING,
    ByStatementType,
    run_change_rules,
    run_replay_rules,
    run_schema_rules,
    with_bodies,
)
from schemalint.file_index import FileIndex
from schemalint.findings import Finding
from schemalint.frozen import frozen
from schemalint.inputs.discovery import Stream
from schemalint.rules.base import ChangeRule, ReplayRule, Settings
from schemalint.rules.registry import SYNTAX_ERROR
from schemalint.source import SourceFile
from schemalint.tools.dialects import DIALECTS, Dialect, dialect_named
from schemalint.window import Window

if TYPE_CHECKING:
    from schemalint.catalog.cache import ReplayCache
    from schemalint.catalog.history import HistoryMarks
    from schemalint.frontends.prisma import PrismaLoad
    from schemalint.tools.file_runner import FileRunner
    from schemalint.tools.transactions import TransactionModel


def _statement_dialect(config: Config, stream: Stream, schema_dialect: str | None) -> Dialect:
    """The stream's dialect as discovery decided it. A stream that discovery did not give the
    configured dialect to, or that defaulted to PostgreSQL beside a Prisma schema, takes the
    config's dialect or the schema's provider."""
    if config.dialect != "auto":
        return DIALECTS[config.dialect]
    if stream.dialect_source == "default" and schema_dialect is not None:
        return dialect_named(schema_dialect) or stream.dialect
    return stream.dialect


def lint_stream(
    stream: Stream,
    config: Config,
    active: Sequence[ActiveRule],
    collector: Collector,
    *,
    schema: PrismaLoad | None,
    cache: ReplayCache | None = None,
    resume: tuple[int, Catalog] | None = None,
) -> tuple[Catalog, tuple[str, ...], HistoryMarks | None]:
    """Replay the stream, running change rules on target files, then schema rules.

    ``schema``: the Prisma schema the stream was generated from. It describes the same
    tables: schema rules that Prisma can express judge the tables it models there, so each
    problem is reported once, where it is fixed, and the history's other tables (raw SQL)
    here; its provider tells the dialect when no lock file does. Then the history's marks
    (which statement removed or changed what) are kept for SL801.
    ``cache``: where the catalog after the leading context files is kept, to start from there.
    ``resume``: (position, the catalog after the files before it): replay from there on.
    """
    language = _statement_dialect(config, stream, schema.catalog.dialect if schema else None)
    behaviour = language.behaviour
    dialect = behaviour.name
    settings = settings_for(config, dialect, "sql", stream)
    applicable = [
        a for a in active if "sql" in a.rule.origins and language.applies(a.rule.dialects)
    ]
    change_rules = ByStatementType(
        [a for a in applicable if isinstance(a.rule, ChangeRule)], collector
    )
    replay_rules = [a for a in applicable if isinstance(a.rule, ReplayRule)]
    # Files before the first target are only replayed: their catalog can be kept and reused.
    prefix = next(
        (i for i, f in enumerate(stream.files) if f.path in collector.targets), len(stream.files)
    )
    # The marks need every statement replayed: a Prisma history does not resume from a cache.
    marks = None
    if schema is not None:
        from schemalint.catalog.history import HistoryMarks

        marks = HistoryMarks()
    saved = (
        cache.stream(stream.root, stream.layout, dialect, stream.files[:prefix])
        if cache and marks is None
        else None
    )
    resumed = saved.resume() if saved else resume
    start, catalog = resumed or (0, Catalog(dialect=dialect))
    if behaviour.postgres_frontend:
        collector.context_files.update(
            (f.path, f) for f in stream.files if f.path not in collector.targets
        )
    whole_history = prefix == 0 and all(f.path in collector.targets for f in stream.files)
    from schemalint.catalog.replay import apply

    run = _StreamRun(
        language,
        settings,
        active,
        change_rules,
        replay_rules,
        marks,
        positions={f.path: i for i, f in enumerate(stream.files)},
        model=settings.transaction_model() if behaviour.transaction_models else None,
        pending_start=None if whole_history else prefix,
        apply=apply,
        ahead=tuple(
            kind
            for a in change_rules.rules
            if isinstance(a.rule, ChangeRule)
            for kind in a.rule.looks_ahead
        ),
    )
    # A function's body findings, by function: reported for its latest definition only.
    functions: dict[tuple[str | None, str, tuple[str, ...]], list[Finding]] = {}
    for position in range(start, len(stream.files)):
        if saved and position == prefix:
            saved.store(catalog)
        _lint_file(stream.files[position], position, catalog, run, collector, functions)
    for found in functions.values():
        collector.findings.extend(found)
    if saved and prefix == len(stream.files):
        saved.store(catalog)
    modelled = frozenset(schema.catalog.tables) if schema is not None else frozenset()
    run_schema_rules(catalog, settings, applicable, collector, stream.files, modelled)
    return catalog, tuple(a.rule.code for a in applicable), marks


@frozen
class Where:
    """Where a file's statements sit: in the stream, and in the runner's transactions.
    ``sources``: the file by its path, as the rules' contexts give it."""

    statements: Sequence[ir.Statement]
    positions: Mapping[str, int]
    batch_start: int
    sources: Mapping[str, SourceFile]
    model: TransactionModel | None = None
    run: FileRunner | None = None
    sql_index: Sequence[int] = ()


@dataclass(frozen=True)
class _StreamRun:
    """What every file of a stream is linted with.

    ``pending_start``: the position of the first target file, whose runner transaction the
    pending files share; ``None`` when every file is linted (each is then its own deploy).
    ``apply`` replays a statement into a catalog; ``ahead``: the statement classes a change
    rule reads the statements after (``ChangeRule.looks_ahead``).
    """

    language: Dialect
    settings: Settings
    active: Sequence[ActiveRule]
    change_rules: ByStatementType
    replay_rules: Sequence[ActiveRule]
    marks: HistoryMarks | None
    positions: Mapping[str, int]
    model: TransactionModel | None
    pending_start: int | None
    apply: Callable[[Catalog, ir.Statement], None]
    ahead: tuple[type[ir.Statement], ...]


def _lint_file(
    source: SourceFile,
    position: int,
    catalog: Catalog,
    run: _StreamRun,
    collector: Collector,
    functions: dict[tuple[str | None, str, tuple[str, ...]], list[Finding]],
) -> None:
    """Parse the file at ``position`` of the stream, run its change and replay rules when it
    is a target, and replay it into ``catalog``.

    Its statements are taken from the frontend as they are made and let go once judged and
    replayed (``window``): a statement is held only while the runner's answers about it may
    still change, or until its segment ends when a rule reads the statements after it.
    """
    is_target = source.path in collector.targets
    parsed = run.language.statements(source, context=not is_target)
    runner: FileRunner | None = None
    if is_target and run.model is not None and run.change_rules:
        from schemalint.tools.file_runner import FileRunner

        text = source.text
        runner = FileRunner(run.model, text, source.path, explicit_blocks=True, within=text)
    file = _FileLint(source, position, catalog, run, collector, functions, is_target, runner)
    # Where the last SQL statement starts: the sub-commands of one ALTER TABLE (IR statements
    # of their own, all in this file) share its span and are one SQL statement to the runner.
    last = -1
    take = file.held.append
    numbers = file.numbers
    release = file.release
    text = source.text
    for statement in parsed:
        take(statement)
        if runner is not None:
            span = statement.span
            if span.start != last:
                runner.add(text, span.start, span.end)
                last = span.start
            numbers.append(runner.count - 1)
        release()
    if runner is not None:
        runner.finish()
    file.release(ended=True)


class _FileLint:
    """One file's statements judged and replayed in order as ``release`` lets them go."""

    def __init__(
        self,
        source: SourceFile,
        position: int,
        catalog: Catalog,
        run: _StreamRun,
        collector: Collector,
        functions: dict[tuple[str | None, str, tuple[str, ...]], list[Finding]],
        is_target: bool,
        runner: FileRunner | None,
    ) -> None:
        self.source = source
        self.position = position
        self.catalog = catalog
        self.run = run
        self.collector = collector
        self.functions = functions
        self.is_target = is_target
        self.runner = runner
        # The statements taken and not yet let go, and what rules keep of those let go.
        self.window = Window()
        self.held = self.window.held
        self.done = FileIndex()
        # The SQL statement (the runner's unit) of each IR statement taken.
        self.numbers: array[int] = array("q")
        self.where: Where | None = None
        self.ahead = run.ahead

    def release(self, *, ended: bool = False) -> None:
        """Judge and replay the statements held whose answers are final (all of them once
        the file ``ended``)."""
        window, runner, held = self.window, self.runner, self.held
        while held:
            statement = held[0]
            if runner is not None and not ended:
                if not runner.settled:
                    return
                numbers = self.numbers
                if (
                    self.ahead
                    and isinstance(statement, self.ahead)
                    and numbers[-1] in runner.segment(numbers[window.offset])
                ):
                    return  # its segment may go on: a rule reads what follows it there
            self._one(statement, window.offset)
            held.popleft()
            window.offset += 1

    def _one(self, statement: ir.Statement, index: int) -> None:
        run, catalog, collector = self.run, self.catalog, self.collector
        mark = len(collector.findings)
        is_target = self.is_target
        if is_target:
            parts: Sequence[tuple[ir.Statement, bool]] = (
                tuple(with_bodies(statement))
                if isinstance(statement, NESTING)
                else ((statement, False),)
            )
            for part, _ in parts:
                if isinstance(part, ir.Unparsable):
                    finding = syntax_error(part, run.active)
                    if finding:
                        collector.findings.append(finding)
            run_change_rules(
                parts,
                self.where or self._where(),
                index,
                self.done,
                catalog,
                run.settings,
                run.change_rules,
            )
            self.done.add(statement)
        if isinstance(statement, ir.CreateFunction):
            _one_definition(statement, catalog, collector, mark, self.functions)
        marks = run.marks
        if marks is None:
            run.apply(catalog, statement)
        else:
            before = dict(catalog.tables)
            run.apply(catalog, statement)
            marks.track(before, catalog.tables, statement.span)
        if catalog.events:
            events = catalog.take_events()
            if is_target:
                run_replay_rules(
                    events, self.window, index, catalog, run.settings, run.replay_rules, collector
                )

    def _where(self) -> Where:
        # Made at the first statement judged: the runner's answers are settled by then.
        run, runner = self.run, self.runner
        batch = self.position
        if runner is not None and runner.shared and run.pending_start is not None:
            batch = run.pending_start
        self.where = Where(
            self.window,
            run.positions,
            batch,
            {self.source.path: self.source},
            run.model if runner is not None else None,
            runner,
            self.numbers,
        )
        return self.where


def _one_definition(
    function: ir.CreateFunction,
    catalog: Catalog,
    collector: Collector,
    mark: int,
    functions: dict[tuple[str | None, str, tuple[str, ...]], list[Finding]],
) -> None:
    """Holds back the findings in ``function``'s body until no later definition replaces it.

    ``CREATE OR REPLACE FUNCTION`` run again (to change one line) makes one function: what its
    body does is reported once, on the definition that is in force at the end.
    """
    schema = function.schema or next(iter(catalog.search_path), None)
    key = (schema, function.name, function.arguments)
    in_body = [
        f
        for f in collector.findings[mark:]
        if f.code != SYNTAX_ERROR.code  # the database rejects each broken definition
        and f.span.path == function.span.path
        and function.span.start <= f.span.start < function.span.end
        and f.span != function.span
    ]
    if in_body:
        held = {id(f) for f in in_body}
        collector.findings[mark:] = [f for f in collector.findings[mark:] if id(f) not in held]
    collector.superseded.extend(functions.pop(key, ()))
    functions[key] = in_body
