"""The lint run: parse every stream, replay it into a catalog, run the rules, collect findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from schemalint.catalog.model import Catalog
from schemalint.config import Config
from schemalint.engine.active import ActiveRule, active_rules, selects, settings_for
from schemalint.engine.collector import Collector, printable, report_undecodable
from schemalint.engine.prisma import lint_prisma, load_prisma_schemas
from schemalint.engine.stream import lint_stream
from schemalint.findings import Finding
from schemalint.frozen import replace
from schemalint.inputs.discovery import Discovery, PrismaSchema, Stream
from schemalint.output.fingerprint import fingerprint_in_place
from schemalint.output.suppress import apply_suppressions
from schemalint.rules.registry import ALL_RULES, SYNTAX_ERROR, UNUSED_SUPPRESSION
from schemalint.source import SourceFile

if TYPE_CHECKING:
    from schemalint.catalog.cache import ReplayCache
    from schemalint.catalog.history import HistoryMarks
    from schemalint.frontends.prisma import PrismaLoad


__all__ = [
    "FIXED_BY_MIGRATION",
    "FIXED_IN_PLACE",
    "ActiveRule",
    "Collected",
    "LintResult",
    "active_rules",
    "collect",
    "lint",
    "lint_appended",
    "migration_folders",
    "schema_key",
    "selects",
    "settings_for",
    "stream_key",
]

# The codes whose SQL-history fixes are new migrations (``schemalint.fix``).
FIXED_BY_MIGRATION = frozenset({"SL201", "SL102", "SL103", "SL104", "SL106", "SL402", "SL602"})
# Change-rule findings ``fix --unsafe-fixes`` rewrites in place, in migrations not committed yet.
FIXED_IN_PLACE = frozenset({"SL301", "SL502", "SL503", "SL504", "SL505", "SL506", "SL507"})


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
    collector = Collector(targets | {source.path for source in added})
    extended = replace(stream, files=(*stream.files, *added))
    resume = (len(stream.files), catalog)
    lint_stream(extended, config, active, collector, schema=schema, resume=resume)
    marked = apply_suppressions(
        collector.findings,
        {source.path: source for source in extended.files},
        known={rule.code: rule.name for rule in ALL_RULES},
        require_reason=config.require_reason,
        targets=collector.targets,
        unused_severity=None,
    )
    return [finding for finding in marked if finding.suppression is None]


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
    collector = Collector(discovery.targets)
    runs: dict[str, tuple[str, ...]] = {}
    # A Prisma schema and the migrations `prisma migrate` generated beside it are one project.
    loads = load_prisma_schemas(discovery.prisma_schemas)
    schema_of_history: dict[Path, PrismaLoad] = {}
    for schema, loaded in loads:
        for folder in migration_folders(schema):
            schema_of_history.setdefault(folder, loaded)
    histories: dict[Path, tuple[Catalog, HistoryMarks | None, Sequence[SourceFile]]] = {}
    for stream in discovery.streams:
        catalog, codes, marks = lint_stream(
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
        runs[schema_key(schema)] = lint_prisma(
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
    fingerprints: bool = True,
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
    ``fingerprints``: give findings their fingerprints (json, sarif and gitlab reports and
    baselines read them); without, each ``fingerprint`` is empty.
    """
    active = active_rules(config)
    if jobs > 1:
        from schemalint.parallel import collect_in_parallel

        collected = collect_in_parallel(
            discovery, config, active, cache, jobs, catalogs=catalogs, fixes=fixes, cwd=cwd
        )
    else:
        collected = collect(discovery, config, active, cache)
    collector = Collector(discovery.targets)
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
        report_undecodable(sources[path], active, collector)
    ran = {code for codes in rules_run.values() for code in codes}
    unused = next((a for a in active if a.rule.code == UNUSED_SUPPRESSION.code), None)
    findings: Sequence[Finding] = apply_suppressions(
        collector.findings,
        sources,
        known={rule.code: rule.name for rule in ALL_RULES},
        require_reason=config.require_reason,
        active_codes=ran | {SYNTAX_ERROR.code},
        targets=discovery.targets,
        unused_severity=unused.severity if unused else None,
        silenced=collected.superseded,
    )
    # From here each step's findings replace the step's before: a finding a step copies is
    # held once, not by every list it went through.
    collector.findings.clear()
    collected.superseded.clear()
    planned = collected.fixes_planned
    if fixes and not planned and any(f.code in FIXED_BY_MIGRATION for f in findings):
        from schemalint.fix import with_migration_fixes

        findings = with_migration_fixes(discovery, collected.catalogs, findings, config)
    if fixes and any(f.code in FIXED_IN_PLACE for f in findings):
        from schemalint.fix.unsafe import with_in_place_fixes

        findings = with_in_place_fixes(
            discovery, collected.catalogs, findings, config, cwd, collected.uncommitted
        )
    if collector.context_files and any(f.related or f.previous_span for f in findings):
        from schemalint.frontends.postgres.context_spans import exact_definitions

        findings = exact_definitions(findings, collector.context_files)
    # Without ``catalogs`` the histories' catalogs go before fingerprints and reports.
    kept = collected.catalogs if catalogs else {}
    del collected
    printed = [printable(finding) for finding in findings]
    del findings
    would_run: tuple[str, ...] = ()
    if not discovery.streams and not discovery.prisma_schemas:
        would_run = tuple(a.rule.code for a in active if "sql" in a.rule.origins)
    if fingerprints:
        from schemalint.inputs.repo import repo_relative

        fingerprint_in_place(printed, sources, repo_relative(cwd or Path.cwd()))
    return LintResult(tuple(printed), sources, rules_run, would_run, kept)
