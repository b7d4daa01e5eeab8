"""One ``schemalint check`` run, from options to exit code (the CLI stays a thin shell)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from schemalint.config import Config, ConfigError, load_config, selector_problem
from schemalint.engine import LintResult, lint
from schemalint.findings import Severity
from schemalint.frozen import frozen, replace
from schemalint.inputs.discovery import Discovery, DiscoveryError, discover
from schemalint.inputs.gitignored import without_ignored
from schemalint.inputs.repo import repo_relative
from schemalint.output.files import Write, stream_output, stream_stdout
from schemalint.output.reporters import (
    HUMAN_FORMATS,
    SHOW_FINGERPRINTS,
    SHOW_FIXES,
    write_report,
)
from schemalint.parallel import available_cores
from schemalint.rules.registry import ALL_RULES
from schemalint.tools.dialects import DIALECTS, Dialect
from schemalint.tools.registry import RUNNERS

if TYPE_CHECKING:
    from schemalint.catalog.cache import ReplayCache


class OutputError(Exception):
    """A report or job summary that cannot be written, worded as one line with its path."""


def user_errors() -> tuple[type[Exception], ...]:
    """The errors a user can cause, each worded as the one line the CLI prints.

    A function, so that a run using neither --baseline nor --diff never imports those modules.
    """
    from schemalint.inputs.changed import ChangedFilesError
    from schemalint.output.baseline import BaselineError

    return (ConfigError, DiscoveryError, ChangedFilesError, BaselineError, OutputError)


@frozen
class Report:
    """One rendering of the run: a format and the file it goes to (``None``: stdout).

    ``color`` applies to the human formats (text, concise).
    """

    fmt: str
    path: Path | None = None
    color: bool = False


@frozen
class StdinInput:
    """SQL or Prisma text read from stdin, linted as if it were the file at ``path``: that
    path decides the migration stream and the history replayed before it."""

    path: Path
    text: str


@frozen
class RunOptions:
    paths: tuple[Path, ...]
    reports: tuple[Report, ...] = (Report("text"),)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    config_path: Path | None = None
    dialect: str | None = None
    baseline: Path | None = None
    write_baseline: Path | None = None
    diff_ref: str | None = None
    # "git": the context history is git's index; "worktree": the files on disk; None: "git"
    # under pre-commit (PRE_COMMIT=1), else "worktree".
    context: str | None = None
    verbose: bool = False
    cache: bool | None = None
    cache_dir: Path | None = None
    quiet: bool = False
    statistics: bool = False
    exit_zero: bool = False
    stdin: StdinInput | None = None
    # Processes linting independent streams at once; ``None``: one per available core.
    jobs: int | None = None
    # Give findings their fixes as ``fix`` makes them (``fix`` plans its own: off there).
    fixes: bool = True


def _check_selectors(option: str, selectors: tuple[str, ...]) -> None:
    """A selector that names no rule is a typo; silently linting nothing would hide it."""
    for selector in selectors:
        problem = selector_problem(selector)
        if problem:
            raise ConfigError(f"{option}: {problem}")


def effective_config(options: RunOptions, cwd: Path) -> Config:
    """The config file's settings with the command line's on top."""
    _check_selectors("--select", options.select)
    _check_selectors("--ignore", options.ignore)
    config = load_config(cwd, options.config_path)
    changes: dict[str, object] = {}
    if options.select:
        changes["select"] = options.select
    if options.ignore:
        changes["ignore"] = config.ignore + options.ignore
    if options.fail_on:
        changes["fail_on"] = options.fail_on
    if options.dialect:
        changes["dialect"] = options.dialect
    return replace(config, **changes)


def replay_cache(options: RunOptions, config: Config, cwd: Path) -> ReplayCache | None:
    """The cache the user asked for, if any: the command line first, then the config file.

    ``--cache``/``--no-cache`` and ``cache`` say whether; a cache folder given on either side
    also asks for it. Without a request nothing is written (the tool writes only what it is
    asked to).
    """
    wanted = next(
        (
            choice
            for choice in (
                options.cache,
                True if options.cache_dir else None,
                config.cache,
                True if config.cache_dir else None,
            )
            if choice is not None
        ),
        False,
    )
    if not wanted:
        return None
    from schemalint.catalog.cache import ReplayCache, default_folder

    folder = cwd / options.cache_dir if options.cache_dir else config.cache_dir or default_folder()
    if folder is None:
        if options.verbose:
            print("schemalint: cache: no home folder to keep it in; not used", file=sys.stderr)
        return None
    return ReplayCache(folder)


def _only_changed(
    discovery: Discovery, ref: str, cwd: Path, paths: tuple[Path, ...] = ()
) -> Discovery:
    """Keep as targets the files changed since ``ref`` in the repository that holds each
    of ``paths`` (the working directory's when none is named), not the working directory's."""
    from schemalint.inputs.changed import changed_files

    folders: dict[Path, None] = {}
    for path in paths or (Path(),):
        where = (cwd / path).resolve()
        folder = where if where.is_dir() else where.parent
        folders.setdefault(folder if folder.is_dir() else cwd, None)
    changed: frozenset[Path] = frozenset()
    for folder in folders:
        changed |= changed_files(ref, folder)
    targets = frozenset(t for t in discovery.targets if (cwd / t).resolve() in changed)
    return replace(discovery, targets=targets)


def _default_context() -> str:
    # pre-commit sets PRE_COMMIT=1 for its hooks: what is about to be committed is the index.
    return "git" if os.environ.get("PRE_COMMIT") == "1" else "worktree"


def _index_context(discovery: Discovery, cwd: Path) -> Discovery:
    """Only files in git's index (committed or staged) stay as context; targets always stay.

    What is deployed is what gets committed: an untracked migration (work in progress) must
    not change how the staged one is judged. Outside a git repository nothing changes.
    """
    from schemalint.inputs.changed import index_files

    tracked = index_files(cwd)
    if tracked is None:
        return discovery
    base = str(cwd.resolve())
    streams = []
    for stream in discovery.streams:
        files = tuple(
            f
            for f in stream.files
            if f.path in discovery.targets or os.path.normpath(f"{base}{os.sep}{f.path}") in tracked
        )
        if files:
            streams.append(replace(stream, files=files))
    return replace(discovery, streams=tuple(streams))


def _named_files(paths: tuple[Path, ...], cwd: Path) -> tuple[Path, ...]:
    """The paths named on the command line that are files: linted even when git ignores them."""
    return tuple(path for path in paths if (cwd / path).is_file())


def lint_paths(
    options: RunOptions, cwd: Path, *, catalogs: bool = True
) -> tuple[Discovery, Config, LintResult, ReplayCache | None]:
    """Discover what ``options.paths`` hold and lint it, as ``check`` and ``fix`` both do.

    ``catalogs``: the result keeps each history's catalog (``fix`` plans with them).
    """
    config = effective_config(options, cwd)
    stdin = (options.stdin.path, options.stdin.text) if options.stdin else None
    discovery = discover(
        options.paths,
        cwd=cwd,
        is_excluded=config.is_excluded,
        dialect=_chosen_dialect(options, config),
        runner=RUNNERS[config.migration_tool] if config.migration_tool else None,
        stdin=stdin,
    )
    discovery = without_ignored(discovery, cwd, _named_files(options.paths, cwd))
    if options.diff_ref:
        discovery = _only_changed(discovery, options.diff_ref, cwd, options.paths)
    if (options.context or _default_context()) == "git":
        discovery = _index_context(discovery, cwd)
    cache = replay_cache(options, config, cwd)
    jobs = options.jobs or available_cores()
    # What the reports show (``fix`` plans its own fixes and reads no fingerprint).
    shown = {report.fmt for report in options.reports}
    fixes = options.fixes and any(fmt in SHOW_FIXES for fmt in shown)
    baseline = options.baseline or options.write_baseline or config.baseline
    fingerprints = bool(baseline) or any(fmt in SHOW_FINGERPRINTS for fmt in shown)
    result = lint(
        discovery,
        config,
        cache,
        cwd,
        jobs=jobs,
        fixes=fixes,
        catalogs=catalogs,
        fingerprints=fingerprints,
    )
    return discovery, config, result, cache


def run(options: RunOptions) -> int:
    """Lint, report, and return the exit code (0 clean, 1 findings at or above fail-on)."""
    cwd = Path.cwd()
    discovery, config, result, cache = lint_paths(options, cwd, catalogs=False)
    if not discovery.streams and not discovery.prisma_schemas and not options.quiet:
        where = ", ".join(str(path) for path in options.paths) or "."
        print(f"schemalint: no migration or schema found in {where}", file=sys.stderr)
    if options.write_baseline:
        from schemalint.output.baseline import write_baseline

        count = write_baseline(options.write_baseline, result.findings, repo_relative(cwd))
        if not options.quiet:
            print(
                f"schemalint: wrote {count} finding{'' if count == 1 else 's'} "
                f"to the baseline {options.write_baseline}",
                file=sys.stderr,
            )
    baseline_path = options.baseline or config.baseline
    stale: tuple[str, ...] = ()
    if baseline_path and not options.write_baseline:
        from schemalint.output.baseline import apply_baseline

        kept, stale_entries = apply_baseline(
            baseline_path,
            result.findings,
            paths=discovery.targets,
            sources=result.sources,
            repo_path=repo_relative(cwd),
        )
        result = replace(result, findings=kept)
        stale = tuple(f"{e.path}: {e.code} {e.message}" for e in stale_entries)
    for report in options.reports:
        # Recording a baseline prints no report: only the files the user asked for are written.
        if report.path is not None or not options.write_baseline:
            _report(result, report, options)
    _job_summary(result, options)
    for entry in stale:
        print(f"schemalint: baseline entry no longer matches: {entry}", file=sys.stderr)
    if options.verbose:
        print_stream_facts(discovery, config)
        if cache is not None:
            for note in cache.notes:
                print(f"schemalint: {note}", file=sys.stderr)
        for schema in discovery.prisma_schemas:
            how = schema.reason or "named, or found outside a Prisma project"
            print(f"schemalint: prisma schema {schema.root}: {how}", file=sys.stderr)
        for source, codes in result.rules_run.items():
            print(f"schemalint: {source}: ran {', '.join(codes) or 'no rules'}", file=sys.stderr)
    if options.write_baseline or options.exit_zero:
        return 0
    failing = [
        f
        for f in result.findings
        if f.suppression is None and f.severity.rank >= config.fail_on.rank
    ]
    return 1 if failing else 0


def _chosen_dialect(options: RunOptions, config: Config) -> tuple[Dialect, str] | None:
    """The dialect the user chose, and where: ``--dialect``, else the config's ``dialect``."""
    if config.dialect == "auto":
        return None
    where = (
        "--dialect"
        if options.dialect
        else f"{config.path.name if config.path else 'config'} dialect"
    )
    return DIALECTS[config.dialect], where


def print_stream_facts(discovery: Discovery, config: Config) -> None:
    """``-v``: per stream, what it is linted as and why; then what was not linted."""
    from schemalint.tools.project import stream_facts

    for stream in discovery.streams:
        facts = stream_facts(config, stream)
        model = stream.tool.transaction_model(config.runner_version).configured(
            multi_statement=config.multi_statement, opted_out_files=stream.opted_out
        )
        version = str(facts.postgres_version) if facts.postgres_version else "not set"
        exposed = ", ".join(facts.exposed_schemas) or "none"
        source = stream.dialect_source
        lines = [
            f"{stream.root}: {len(stream.files)} file{'' if len(stream.files) == 1 else 's'}, "
            f"tool {stream.tool.name}",
            f"  dialect: {stream.dialect.label} "
            f"({'the default' if source == 'default' else f'from {source}'})",
            f"  runner: {model.describe()}",
            f"  PostgreSQL version: {version} ({facts.postgres_version_source})",
            f"  exposed schemas: {exposed} ({facts.exposed_schemas_source})",
        ]
        lines.extend(f"  {path} opts out: {model.opt_out}" for path in sorted(stream.opted_out))
        lines.extend(f"  skipped {path}: {reason}" for path, reason in stream.skipped)
        for line in lines:
            print(f"schemalint: {line}", file=sys.stderr)
    for path, reason in discovery.skipped:
        print(f"schemalint: skipped {path}: {reason}", file=sys.stderr)


def _report(result: LintResult, report: Report, options: RunOptions) -> None:
    def produce(write: Write) -> None:
        write_report(
            result,
            report.fmt,
            write,
            rules=ALL_RULES,
            color=report.color and report.fmt in HUMAN_FORMATS,
            summary=not options.quiet,
            statistics=options.statistics,
        )

    # Written as it is rendered: the report of a huge file is never held whole.
    if report.path:
        try:
            stream_output(report.path, produce)
        except OSError as error:
            raise OutputError(f"{report.path}: cannot write the report: {_reason(error)}") from None
    else:
        try:
            stream_stdout(produce)
        except OSError as error:
            raise OutputError(f"stdout: cannot write the report: {_reason(error)}") from None


def _job_summary(result: LintResult, options: RunOptions) -> None:
    """In GitHub Actions, a run that prints annotations also writes the job summary."""
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path and any(report.fmt == "github" for report in options.reports):
        from schemalint.output.reporters.github import job_summary

        try:
            with Path(summary_path).open("a", encoding="utf-8") as summary:
                summary.write(job_summary(result))
        except OSError as error:
            raise OutputError(
                f"{summary_path}: cannot write the job summary: {_reason(error)}"
            ) from None


def _reason(error: OSError) -> str:
    # strerror, not str(error): the latter names the temporary file, which would only confuse.
    return error.strerror or type(error).__name__
