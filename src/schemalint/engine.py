"""The lint run: parse every stream, replay it into a catalog, run the rules, collect findings."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schemalint import ir
from schemalint.catalog.model import Catalog
from schemalint.config import Config, ConfigError
from schemalint.file_index import FileIndex
from schemalint.findings import Finding, Fix, Help, Related, Severity
from schemalint.frozen import replace
from schemalint.inputs.discovery import Discovery, PrismaSchema, Stream
from schemalint.output.fingerprint import assign_fingerprints
from schemalint.output.suppress import apply_suppressions
from schemalint.rules.base import (
    ChangeContext,
    ChangeRule,
    DriftContext,
    DriftRule,
    ReplayRule,
    Reporter,
    Rule,
    RuleOptions,
    SchemaContext,
    SchemaRule,
    Settings,
)
from schemalint.rules.registry import ALL_RULES, SYNTAX_ERROR, UNUSED_SUPPRESSION
from schemalint.source import SourceFile, Span
from schemalint.tools.dialects import DIALECTS, Dialect, behaviour_of, dialect_named
from schemalint.window import Window

if TYPE_CHECKING:
    from schemalint.catalog.cache import ReplayCache
    from schemalint.catalog.history import HistoryMarks
    from schemalint.frontends.prisma import PrismaLoad
    from schemalint.tools.file_runner import FileRunner
    from schemalint.tools.transactions import TransactionModel


# The codes whose SQL-history fixes are new migrations (``schemalint.fix``).
FIXED_BY_MIGRATION = frozenset({"SL201", "SL102", "SL103", "SL104", "SL106", "SL402", "SL602"})
# Change-rule findings ``fix --unsafe-fixes`` rewrites in place, in migrations not committed yet.
FIXED_IN_PLACE = frozenset({"SL301", "SL502", "SL503", "SL504", "SL505", "SL506", "SL507"})


@dataclass(frozen=True)
class ActiveRule:
    """A selected rule with its validated options and effective severity."""

    rule: Rule[Any]
    options: RuleOptions
    severity: Severity
    # The configuration set ``severity``: it then wins over a finding's own severity.
    configured: bool = False


@dataclass(frozen=True)
class LintResult:
    """Findings sorted by path and position; the sources they point into; what ran where.

    ``would_run``: when there was nothing to lint, the rules that a SQL history would have
    run (a SARIF log still describes them: an upload without rules closes every alert).
    """

    findings: tuple[Finding, ...]
    sources: Mapping[str, SourceFile]
    rules_run: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    would_run: tuple[str, ...] = ()
    # Each stream's catalog after its whole history, by stream root (for ``schemalint fix``).
    catalogs: Mapping[Path, Catalog] = field(default_factory=dict)


def selects(selectors: Iterable[str], rule: type[Rule[Any]]) -> bool:
    """Whether any selector (a code, a name or a code prefix such as ``SL1``) names ``rule``."""
    for selector in selectors:
        wanted = selector.strip()
        if wanted.lower() == rule.name or rule.code.startswith(wanted.upper()):
            return True
    return False


def active_rules(config: Config) -> list[ActiveRule]:
    """The rules the config selects, with options validated (a bad option is a ConfigError)."""
    active = []
    for rule_class in ALL_RULES:
        if config.select and not selects(config.select, rule_class):
            continue
        if selects(config.ignore, rule_class):
            continue
        rule_config = config.rules.get(rule_class.code)
        raw_options = dict(rule_config.options) if rule_config else {}
        options = _options(rule_class, raw_options, config)
        severity = rule_config.severity if rule_config and rule_config.severity else None
        active.append(
            ActiveRule(rule_class(), options, severity or rule_class.severity, severity is not None)
        )
    return active


def _options(rule_class: type[Rule[Any]], raw: dict[str, Any], config: Config) -> RuleOptions:
    if not raw:
        return rule_class.options_model()
    from schemalint.config import describe_key
    from schemalint.rules.options import OptionError

    yaml = config.path is not None and config.path.suffix in (".yaml", ".yml")
    try:
        return rule_class.options_model.model_validate(raw, "mapping" if yaml else "table")
    except OptionError as error:
        key = ".".join(part for part in (f"rules.{rule_class.code}", error.key) if part)
        raise ConfigError(f"{describe_key(config, key, Path.cwd())}: {error.problem}") from None


def settings_for(
    config: Config, dialect: str, origin: str, stream: Stream | None = None
) -> Settings:
    """What every rule is told about the run; for a stream, with its project facts."""
    facts = None
    if stream is not None:
        from schemalint.tools.project import stream_facts

        facts = stream_facts(config, stream)
    return Settings(
        dialect=dialect,
        origin=origin,
        excluded_schemas=config.excluded_schemas,
        tenant_columns=config.tenant_columns,
        tenant_roots=config.tenant_roots,
        exposed_schemas=facts.exposed_schemas if facts else (config.exposed_schemas or ()),
        soft_delete_column=config.soft_delete_column,
        tool=stream.tool if stream is not None else None,
        runner_version=config.runner_version,
        postgres_version=facts.postgres_version if facts else config.postgres_version,
        multi_statement=config.multi_statement,
        opted_out_files=stream.opted_out if stream is not None else frozenset(),
    )


class _Collector:
    """Turns ``ctx.report`` calls into findings of the rule that is running."""

    def __init__(self, targets: frozenset[str]) -> None:
        self.targets = targets
        self.findings: list[Finding] = []
        # PostgreSQL files parsed as context only (their constraints' spans end loosely).
        self.context_files: dict[str, SourceFile] = {}
        # Findings in the bodies of functions that a later definition replaced.
        self.superseded: list[Finding] = []

    def reporter(self, active: ActiveRule) -> Reporter:
        def report(
            span: Span,
            message: str,
            help: str | Help,
            fix: Fix | None,
            own: Severity | None = None,
            related: tuple[Related, ...] = (),
            previous: Span | None = None,
        ) -> None:
            if span.path not in self.targets:
                return
            last = self.findings[-1] if self.findings else None
            if last and (last.code, last.span, last.message) == (active.rule.code, span, message):
                # One ALTER TABLE with several sub-commands is several IR statements: a
                # problem they share (its table does not exist) is one finding.
                return
            self.findings.append(
                Finding(
                    code=active.rule.code,
                    name=active.rule.name,
                    severity=active.severity if active.configured or own is None else own,
                    message=message,
                    span=span,
                    advice=help,
                    fix=fix,
                    related=related,
                    previous_span=previous,
                )
            )

        return report


def _statement_dialect(config: Config, stream: Stream, schema_dialect: str | None) -> Dialect:
    """The stream's dialect as discovery decided it. A stream that discovery did not give the
    configured dialect to, or that defaulted to PostgreSQL beside a Prisma schema, takes the
    config's dialect or the schema's provider."""
    if config.dialect != "auto":
        return DIALECTS[config.dialect]
    if stream.dialect_source == "default" and schema_dialect is not None:
        return dialect_named(schema_dialect) or stream.dialect
    return stream.dialect


def _with_bodies(statement: ir.Statement) -> Iterable[tuple[ir.Statement, bool]]:
    yield statement, False
    if isinstance(statement, ir.CreateSchema):
        # Its elements run now, as part of the statement.
        for element in statement.elements:
            yield from _with_bodies(element)
    if isinstance(statement, (ir.CreateFunction, ir.DoBlock)):
        for inner in statement.body:
            for nested, _ in _with_bodies(inner):
                yield nested, True


def _syntax_error(statement: ir.Unparsable, active: Sequence[ActiveRule]) -> Finding | None:
    for rule in active:
        if rule.rule.code == SYNTAX_ERROR.code:
            return Finding(
                code=SYNTAX_ERROR.code,
                name=SYNTAX_ERROR.name,
                severity=rule.severity,
                message=statement.message,
                span=statement.span,
                advice="Fix the statement so that the database can run it; "
                "the rest of the file is still linted.",
            )
    return None


def _lint_stream(
    stream: Stream,
    config: Config,
    active: Sequence[ActiveRule],
    collector: _Collector,
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
    change_rules = _ByStatementType([a for a in applicable if isinstance(a.rule, ChangeRule)])
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
    _run_schema_rules(catalog, settings, applicable, collector, stream.files, modelled)
    return catalog, tuple(a.rule.code for a in applicable), marks


@dataclass(frozen=True)
class _Where:
    """Where a file's statements sit: in the stream, and in the runner's transactions."""

    statements: Sequence[ir.Statement]
    positions: Mapping[str, int]
    batch_start: int
    source: SourceFile
    model: TransactionModel | None = None
    run: FileRunner | None = None
    sql_index: Sequence[int] = ()


@dataclass(frozen=True)
class _StreamRun:
    """What every file of a stream is linted with.

    ``pending_start``: the position of the first target file, whose runner transaction the
    pending files share; ``None`` when every file is linted (each is then its own deploy).
    """

    language: Dialect
    settings: Settings
    active: Sequence[ActiveRule]
    change_rules: _ByStatementType
    replay_rules: Sequence[ActiveRule]
    marks: HistoryMarks | None
    positions: Mapping[str, int]
    model: TransactionModel | None
    pending_start: int | None


def _lint_file(
    source: SourceFile,
    position: int,
    catalog: Catalog,
    run: _StreamRun,
    collector: _Collector,
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
    window = Window()
    done = FileIndex()
    runner: FileRunner | None = None
    if is_target and run.model is not None and run.change_rules:
        from schemalint.tools.file_runner import FileRunner

        text = source.text
        runner = FileRunner(run.model, text, source.path, explicit_blocks=True, within=text)
    file = _FileLint(source, position, catalog, run, collector, functions, is_target, window, done)
    file.runner = runner
    last: Span | None = None
    take = window.held.append
    for statement in parsed:
        take(statement)
        if runner is not None:
            span = statement.span
            if span != last:
                # The sub-commands of one ALTER TABLE are one SQL statement.
                runner.add(source.text, span.start, span.end)
                last = span
            file.numbers.append(runner.count - 1)
        file.release()
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
        collector: _Collector,
        functions: dict[tuple[str | None, str, tuple[str, ...]], list[Finding]],
        is_target: bool,
        window: Window,
        done: FileIndex,
    ) -> None:
        self.source = source
        self.position = position
        self.catalog = catalog
        self.run = run
        self.collector = collector
        self.functions = functions
        self.is_target = is_target
        self.window = window
        self.done = done
        self.runner: FileRunner | None = None
        # The SQL statement (the runner's unit) of each IR statement taken.
        self.numbers: array[int] = array("q")
        self.where: _Where | None = None
        from schemalint.catalog.replay import apply

        self.apply = apply
        self.ahead = tuple(
            kind
            for a in run.change_rules.rules
            if isinstance(a.rule, ChangeRule)
            for kind in a.rule.looks_ahead
        )

    def release(self, *, ended: bool = False) -> None:
        """Judge and replay the statements held whose answers are final (all of them once
        the file ``ended``)."""
        window, runner, held = self.window, self.runner, self.window.held
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
        if self.is_target:
            for part, _ in _with_bodies(statement):
                if isinstance(part, ir.Unparsable):
                    finding = _syntax_error(part, run.active)
                    if finding:
                        collector.findings.append(finding)
            _run_change_rules(
                statement,
                self.where or self._where(),
                index,
                self.done,
                catalog,
                run.settings,
                run.change_rules,
                collector,
            )
            self.done.add(statement)
        if isinstance(statement, ir.CreateFunction):
            _one_definition(statement, catalog, collector, mark, self.functions)
        marks = run.marks
        before = dict(catalog.tables) if marks is not None else None
        self.apply(catalog, statement)
        if marks is not None and before is not None:
            marks.track(before, catalog.tables, statement.span)
        events = catalog.take_events()
        if events and self.is_target:
            _run_replay_rules(
                events, self.window, index, catalog, run.settings, run.replay_rules, collector
            )

    def _where(self) -> _Where:
        # Made at the first statement judged: the runner's answers are settled by then.
        run, runner = self.run, self.runner
        batch = self.position
        if runner is not None and runner.shared and run.pending_start is not None:
            batch = run.pending_start
        self.where = _Where(
            self.window,
            run.positions,
            batch,
            self.source,
            run.model if runner is not None else None,
            runner,
            self.numbers,
        )
        return self.where


def lint_appended(
    stream: Stream,
    added: Sequence[SourceFile],
    catalog: Catalog,
    config: Config,
    active: Sequence[ActiveRule],
    targets: frozenset[str],
    schema: PrismaLoad | None = None,
) -> list[Finding]:
    """What ``check`` would report on ``stream`` with the files ``added`` after its last one
    (``schemalint fix`` lints its plan so): only ``added`` is replayed, onto ``catalog``, the
    stream's catalog after its last file, which it changes (pass a copy). Change rules judge
    ``added``; schema rules report on ``targets`` and ``added``. A finding a
    ``schemalint-ignore`` comment covers is left out, as ``check`` marks it; SL002 is not
    judged (the history's change rules do not run again, so its directives would look
    unused). ``schema``: the Prisma schema the stream was generated from (its tables judged
    there)."""
    collector = _Collector(targets | {source.path for source in added})
    extended = replace(stream, files=(*stream.files, *added))
    resume = (len(stream.files), catalog)
    _lint_stream(extended, config, active, collector, schema=schema, resume=resume)
    marked = apply_suppressions(
        collector.findings,
        {source.path: source for source in extended.files},
        known={rule.code: rule.name for rule in ALL_RULES},
        require_reason=config.require_reason,
        targets=collector.targets,
        unused_severity=None,
    )
    return [finding for finding in marked if finding.suppression is None]


def _one_definition(
    function: ir.CreateFunction,
    catalog: Catalog,
    collector: _Collector,
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


class _ByStatementType:
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


def _run_change_rules(
    statement: ir.Statement,
    where: _Where,
    index: int,
    done: FileIndex,
    catalog: Catalog,
    settings: Settings,
    change_rules: _ByStatementType,
    collector: _Collector,
) -> None:
    for candidate, in_body in _with_bodies(statement):
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


def _run_replay_rules(
    events: Sequence[object],
    statements: Sequence[ir.Statement],
    index: int,
    catalog: Catalog,
    settings: Settings,
    replay_rules: Sequence[ActiveRule],
    collector: _Collector,
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


def _run_schema_rules(
    catalog: Catalog,
    settings: Settings,
    applicable: Sequence[ActiveRule],
    collector: _Collector,
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


def _lint_prisma(
    loaded: PrismaLoad,
    config: Config,
    active: Sequence[ActiveRule],
    collector: _Collector,
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
            finding = _syntax_error(error, active)
            if finding:
                collector.findings.append(finding)
    applicable = [
        a
        for a in active
        if "prisma" in a.rule.origins
        and behaviour_of(loaded.catalog.dialect).applies(a.rule.dialects)
    ]
    _run_schema_rules(loaded.catalog, settings, applicable, collector, files)
    return tuple(a.rule.code for a in applicable)


def _run_drift_rules(
    loaded: PrismaLoad,
    config: Config,
    active: Sequence[ActiveRule],
    collector: _Collector,
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


def _load_prisma_schemas(
    schemas: Sequence[PrismaSchema],
) -> list[tuple[PrismaSchema, PrismaLoad]]:
    """Every schema parsed and lowered; the Prisma frontend is imported only when there is one."""
    if not schemas:
        return []
    from schemalint.frontends import prisma

    return [(schema, prisma.load(schema)) for schema in schemas]


def _report_undecodable(
    source: SourceFile, active: Sequence[ActiveRule], collector: _Collector
) -> None:
    """SL001 at the first byte that is not UTF-8 (read as U+FFFD): the database rejects it.

    Not when a syntax error already covers that byte: one problem, one finding.
    """
    first = max(source.text.find("\ufffd"), 0)
    for found in collector.findings:
        span = found.span
        if (
            found.code == SYNTAX_ERROR.code
            and span.path == source.path
            and span.start <= first < max(span.end, span.start + 1)
        ):
            return
    message = "the file is not valid UTF-8 (the first invalid byte is here)"
    finding = _syntax_error(ir.Unparsable(source.span(first, first + 1), message), active)
    if finding:
        collector.findings.append(finding)


@dataclass
class Collected:
    """What linting some streams and Prisma schemas found, before suppressions are applied.

    ``findings`` are in the order the serial run makes them (stream by stream, then schema by
    schema); ``runs`` maps each stream's and schema's ``rules_run`` key to the codes it ran.
    """

    findings: list[Finding] = field(default_factory=list)
    superseded: list[Finding] = field(default_factory=list)
    runs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The display paths of the context files whose definitions findings may point into.
    context_paths: list[str] = field(default_factory=list)
    # Each history's catalog after its last file (fixes and `schemalint fix` build on it).
    catalogs: dict[Path, Catalog] = field(default_factory=dict)
    # The findings already carry the fixes their histories' catalogs make (planned where the
    # catalogs are, so that they need not be sent to another process).
    fixes_planned: bool = False
    # What git said is uncommitted, if a worker asked it ([answer]; ``None``: no repository).
    uncommitted: list[frozenset[Path] | None] = field(default_factory=list)


def stream_key(stream: Stream) -> str:
    return f"{stream.root} ({stream.layout})"


def schema_key(schema: PrismaSchema) -> str:
    return f"{schema.root} (prisma schema)"


def migration_folders(schema: PrismaSchema) -> tuple[Path, Path]:
    """Where `prisma migrate` writes a schema's migrations, in the order they are looked for:
    beside a multi-file schema's folder, or beside the schema file."""
    return schema.root / "migrations", schema.root.parent / "migrations"


def collect(
    discovery: Discovery,
    config: Config,
    active: Sequence[ActiveRule],
    cache: ReplayCache | None = None,
) -> Collected:
    """Run the ``active`` rules on every stream and schema of ``discovery`` (the work
    ``--jobs`` splits)."""
    collector = _Collector(discovery.targets)
    runs: dict[str, tuple[str, ...]] = {}
    # A Prisma schema and the migrations `prisma migrate` generated beside it are one project.
    loads = _load_prisma_schemas(discovery.prisma_schemas)
    schema_of_history: dict[Path, PrismaLoad] = {}
    for schema, loaded in loads:
        for folder in migration_folders(schema):
            schema_of_history.setdefault(folder, loaded)
    histories: dict[Path, tuple[Catalog, HistoryMarks | None, Sequence[SourceFile]]] = {}
    for stream in discovery.streams:
        catalog, codes, marks = _lint_stream(
            stream,
            config,
            active,
            collector,
            schema=schema_of_history.get(stream.root),
            cache=cache,
        )
        histories[stream.root] = (catalog, marks, stream.files)
        runs[stream_key(stream)] = codes
    for schema, loaded in loads:
        history = next((histories[f] for f in migration_folders(schema) if f in histories), None)
        runs[schema_key(schema)] = _lint_prisma(
            loaded, config, active, collector, history, schema.files
        )
    catalogs = {root: catalog for root, (catalog, _, _) in histories.items()}
    return Collected(
        collector.findings, collector.superseded, runs, list(collector.context_files), catalogs
    )


def lint(
    discovery: Discovery,
    config: Config,
    cache: ReplayCache | None = None,
    cwd: Path | None = None,
    *,
    jobs: int = 1,
    fixes: bool = True,
    catalogs: bool = True,
) -> LintResult:
    """Lint everything discovery found; report only on ``discovery.targets``.

    ``cache``: the opt-in replay cache (``--cache``); the findings are the same without it.
    ``cwd``: the folder discovery's paths are relative to (fingerprints hash the paths from
    the repository root); default the working folder.
    ``jobs``: how many processes may lint independent streams at once; the result is the
    same for any number. ``fixes``: give findings their fixes as ``fix`` makes them (off
    where a fix's own result is linted, to see that it converges).
    ``catalogs``: the result keeps each history's catalog (``fix`` plans with them); without,
    it has none, and parallel workers plan the findings' new-migration fixes themselves and
    send back only the catalogs the in-place fixes are planned with here.
    """
    active = active_rules(config)
    if jobs > 1:
        from schemalint.parallel import collect_in_parallel

        collected = collect_in_parallel(
            discovery, config, active, cache, jobs, catalogs=catalogs, fixes=fixes, cwd=cwd
        )
    else:
        collected = collect(discovery, config, active, cache)
    collector = _Collector(discovery.targets)
    collector.findings = collected.findings
    sources: dict[str, SourceFile] = {}
    # The serial run's order of streams, then schemas, whichever process linted them.
    rules_run: dict[str, tuple[str, ...]] = {}
    context = set(collected.context_paths)
    for stream in discovery.streams:
        rules_run[stream_key(stream)] = collected.runs[stream_key(stream)]
        sources.update((f.path, f) for f in stream.files)
        collector.context_files.update((f.path, f) for f in stream.files if f.path in context)
    for schema in discovery.prisma_schemas:
        rules_run[schema_key(schema)] = collected.runs[schema_key(schema)]
        sources.update((f.path, f) for f in schema.files)
    for path in sorted(discovery.undecodable & discovery.targets):
        _report_undecodable(sources[path], active, collector)
    ran = {code for codes in rules_run.values() for code in codes}
    unused = next((a for a in active if a.rule.code == UNUSED_SUPPRESSION.code), None)
    findings = apply_suppressions(
        collector.findings,
        sources,
        known={rule.code: rule.name for rule in ALL_RULES},
        require_reason=config.require_reason,
        active_codes=ran | {SYNTAX_ERROR.code},
        targets=discovery.targets,
        unused_severity=unused.severity if unused else None,
        silenced=collected.superseded,
    )
    planned = collected.fixes_planned
    if fixes and not planned and any(f.code in FIXED_BY_MIGRATION for f in findings):
        from schemalint.fix import with_migration_fixes

        findings = tuple(with_migration_fixes(discovery, collected.catalogs, findings, config))
    if fixes and any(f.code in FIXED_IN_PLACE for f in findings):
        from schemalint.fix.unsafe import with_in_place_fixes

        findings = tuple(
            with_in_place_fixes(
                discovery, collected.catalogs, findings, config, cwd, collected.uncommitted
            )
        )
    if collector.context_files and any(f.related or f.previous_span for f in findings):
        from schemalint.frontends.postgres.context_spans import exact_definitions

        findings = exact_definitions(findings, collector.context_files)
    # Without ``catalogs`` the histories' catalogs go before fingerprints and reports.
    kept = collected.catalogs if catalogs else {}
    del collected
    printable = tuple(_printable(finding) for finding in findings)
    from schemalint.inputs.repo import repo_relative

    repo_path = repo_relative(cwd or Path.cwd())
    would_run: tuple[str, ...] = ()
    if not discovery.streams and not discovery.prisma_schemas:
        would_run = tuple(a.rule.code for a in active if "sql" in a.rule.origins)
    return LintResult(
        assign_fingerprints(printable, sources, repo_path),
        sources,
        rules_run,
        would_run,
        kept,
    )


# Control characters quoted from the input (a syntax error near one, an identifier holding
# one) would garble a terminal or an annotation. A message is one line; a help may have more.
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)}
_CONTROL_IN_HELP = {c: escaped for c, escaped in _CONTROL.items() if c != 0x0A}
_CONTROL_CHAR = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_CHAR_IN_HELP = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def _printable(finding: Finding) -> Finding:
    # One C-level search each for the common case, nothing to quote, rather than two
    # translations through a Python dict for every finding.
    # A ``Help``'s template is code: only its names can hold one.
    advice = finding.advice
    quoted = advice.args if isinstance(advice, Help) else (advice,)
    if not _CONTROL_CHAR.search(finding.message) and not any(
        map(_CONTROL_CHAR_IN_HELP.search, quoted)
    ):
        return finding
    return replace(
        finding,
        message=finding.message.translate(_CONTROL),
        advice=advice.translate(_CONTROL_IN_HELP),
    )
