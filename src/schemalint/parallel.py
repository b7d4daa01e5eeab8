"""``--jobs``: independent migration streams linted in parallel processes.

A stream (with the Prisma schema it was generated from, if any) shares nothing with another
stream: each is replayed from an empty catalog. The work is split into such groups, the
groups are linted in worker processes, and their findings are put back together in the order
a serial run makes them, so the report is byte-identical whatever the number of jobs.

Workers are forked: they inherit the files already read and the configuration, and send back
only their findings (with the new-migration fixes their catalogs make, planned in the worker:
a catalog is larger than the findings and costs more to send than to plan with; a catalog
goes back only for the in-place fixes of an uncommitted file, whose number is capped over the
whole run). Where processes cannot be forked, the run stays serial.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING

from schemalint.engine import (
    FIXED_BY_MIGRATION,
    FIXED_IN_PLACE,
    ActiveRule,
    Collected,
    collect,
    migration_folders,
)
from schemalint.frozen import replace
from schemalint.inputs.discovery import Discovery, PrismaSchema, Stream

if TYPE_CHECKING:
    from collections.abc import Sequence

    from schemalint.catalog.cache import ReplayCache
    from schemalint.config import Config
    from schemalint.findings import Finding


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def groups_of(discovery: Discovery) -> list[Discovery]:
    """The independent parts of ``discovery``: each stream with the Prisma schemas whose
    migrations it is, in the order of its first stream (schemas without a stream last).

    Each part keeps the serial order of its streams and schemas.
    """
    group_of_root: dict[Path, int] = {}
    members: list[tuple[list[Stream], list[PrismaSchema]]] = []
    for stream in discovery.streams:
        if stream.root not in group_of_root:
            group_of_root[stream.root] = len(members)
            members.append(([], []))
        members[group_of_root[stream.root]][0].append(stream)
    alone: list[PrismaSchema] = []
    for schema in discovery.prisma_schemas:
        linked = sorted({group_of_root[r] for r in migration_folders(schema) if r in group_of_root})
        if not linked:
            alone.append(schema)
            continue
        # A schema between two streams' folders ties them into one part.
        first = linked[0]
        for other in linked[1:]:
            members[first][0].extend(members[other][0])
            members[first][1].extend(members[other][1])
            members[other] = ([], [])
            for root, index in group_of_root.items():
                if index == other:
                    group_of_root[root] = first
        members[first][1].append(schema)
    streams_order = {id(stream): n for n, stream in enumerate(discovery.streams)}
    schemas_order = {id(schema): n for n, schema in enumerate(discovery.prisma_schemas)}
    groups = [
        replace(
            discovery,
            streams=tuple(sorted(streams, key=lambda s: streams_order[id(s)])),
            prisma_schemas=tuple(sorted(schemas, key=lambda s: schemas_order[id(s)])),
        )
        for streams, schemas in members
        if streams
    ]
    groups.extend(replace(discovery, streams=(), prisma_schemas=(schema,)) for schema in alone)
    return groups


def _size(group: Discovery) -> int:
    files = [f for s in group.streams for f in s.files]
    files += [f for s in group.prisma_schemas for f in s.files]
    return sum(len(f.text) for f in files)


def _preload(discovery: Discovery, active: Sequence[ActiveRule], catalogs: bool) -> None:
    """Import what linting the groups will need once, before forking, rather than once in
    every worker: the replay, the PostgreSQL frontend, the runners' transaction models, and
    the fix planner when the workers plan fixes."""
    from schemalint.catalog import replay  # noqa: F401

    # A guess is enough (a worker imports what it needs): discovery gave each stream its
    # dialect; one beside a Prisma schema may still take the schema's provider.
    if any(stream.dialect.postgres_frontend for stream in discovery.streams):
        from schemalint.frontends.postgres import frontend as postgres  # noqa: F401
    if any(
        stream.dialect.behaviour.transaction_models
        and any(f.path in discovery.targets for f in stream.files)
        for stream in discovery.streams
    ):
        from schemalint.rules import _segments  # noqa: F401
        from schemalint.tools import runners, transactions  # noqa: F401
    if not catalogs and any(a.rule.code in FIXED_BY_MIGRATION for a in active):
        from schemalint import fix  # noqa: F401


@dataclasses.dataclass(frozen=True)
class _Work:
    """What the forked workers inherit: set just before the pool starts, cleared after."""

    groups: list[Discovery]
    config: Config
    active: Sequence[ActiveRule]
    cache: ReplayCache | None
    # Send every catalog back (else plan the new-migration fixes here), give fixes at all,
    # the folder paths are relative to.
    catalogs: bool
    fixes: bool
    cwd: Path | None


_work: _Work | None = None


def _ignore_interrupts() -> None:
    """Ctrl-C reaches every process of the terminal's group: the main process alone answers
    it (and stops the workers), so that it is said once and promptly."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _lint_group(index: int) -> tuple[Collected, list[str]]:
    assert _work is not None
    work = _work
    cache = work.cache
    noted = len(cache.notes) if cache else 0
    collected = collect(work.groups[index], work.config, work.active, cache)
    if not work.catalogs:
        collected = _with_fixes(work.groups[index], collected, work)
    return collected, cache.notes[noted:] if cache else []


def _with_fixes(group: Discovery, collected: Collected, work: _Work) -> Collected:
    """``collected`` with its findings' new-migration fixes planned, and only the catalogs
    the main process plans in-place fixes with (those of histories with such a finding in
    an uncommitted file: how many files are rewritten is capped over the whole run).

    The plans read each finding's suppression (a suppressed finding gets no fix), which
    depends only on the comments of the finding's own file, a file of this group; it is
    marked here as the main process marks it again later. The findings are put in the order
    the main process sorts them into, so that each history's plan sees them in the same
    order; findings that sort alike stay in collection order, as they do there.
    """
    fixable = FIXED_BY_MIGRATION | FIXED_IN_PLACE
    if not work.fixes or not any(f.code in fixable for f in collected.findings):
        return replace(collected, catalogs={}, fixes_planned=True)
    from schemalint.output.suppress import apply_suppressions
    from schemalint.rules.registry import ALL_RULES

    sources = {f.path: f for s in group.streams for f in s.files}
    sources.update((f.path, f) for s in group.prisma_schemas for f in s.files)
    marked = apply_suppressions(
        collected.findings,
        sources,
        known={rule.code: rule.name for rule in ALL_RULES},
        require_reason=work.config.require_reason,
        targets=group.targets,
        unused_severity=None,
    )
    findings: Sequence[Finding] = collected.findings
    if any(f.code in FIXED_BY_MIGRATION for f in marked):
        from schemalint.fix import with_migration_fixes

        findings = with_migration_fixes(group, collected.catalogs, marked, work.config)
    kept = _in_place_histories(group, marked, work.cwd or Path.cwd())
    return replace(
        collected,
        findings=list(findings),
        catalogs={root: c for root, c in collected.catalogs.items() if root in kept},
        fixes_planned=True,
    )


def _in_place_histories(group: Discovery, findings: Sequence[Finding], cwd: Path) -> set[Path]:
    """The histories with an unsuppressed finding fixed in place in an uncommitted file."""
    todo = [f for f in findings if f.code in FIXED_IN_PLACE and f.suppression is None]
    if not todo:
        return set()
    from schemalint.inputs.changed import uncommitted_files

    uncommitted = uncommitted_files(cwd)
    if uncommitted is None:
        return set()
    stream_of = {source.path: stream for stream in group.streams for source in stream.files}
    return {
        stream_of[f.path].root
        for f in todo
        if f.path in stream_of and (cwd / f.path).resolve() in uncommitted
    }


def collect_in_parallel(
    discovery: Discovery,
    config: Config,
    active: Sequence[ActiveRule],
    cache: ReplayCache | None,
    jobs: int,
    *,
    catalogs: bool = True,
    fixes: bool = True,
    cwd: Path | None = None,
) -> Collected:
    """``collect(discovery, ...)`` with up to ``jobs`` processes; the same result.

    ``catalogs``: send each history's catalog back; without, the findings come back with
    their new-migration fixes planned (``Collected.fixes_planned``; ``fixes``: at all) and
    only the catalogs in-place fixes need. ``cwd``: the folder discovery's paths are
    relative to (default the working folder).
    """
    global _work
    groups = groups_of(discovery)
    workers = min(jobs, len(groups))
    if workers < 2:
        return collect(discovery, config, active, cache)
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return collect(discovery, config, active, cache)
    _preload(discovery, active, catalogs)
    if cache is not None and any(
        stream.files and stream.files[0].path not in discovery.targets
        for stream in discovery.streams
    ):
        # A history with context files before its first target asks the cache (as a serial
        # run would): whether it is usable is decided once, here, and said once, not by
        # every worker.
        cache.usable()
    # The largest groups first, so that a long history does not start last.
    order = sorted(range(len(groups)), key=lambda i: -_size(groups[i]))
    _work = _Work(groups, config, active, cache, catalogs, fixes, cwd)
    # What the workers inherit stays in place: the collector of a worker never walks it,
    # and so never copies the pages it lives on.
    gc.freeze()
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts)
    try:
        pending = {index: pool.apply_async(_lint_group, (index,)) for index in order}
        results = [pending[index].get() for index in range(len(groups))]
    finally:
        # Every result is in, or Ctrl-C or an error ends the run: the workers stop now.
        pool.terminate()
        pool.join()
        gc.unfreeze()
        _work = None
    merged = Collected(fixes_planned=not catalogs)
    for collected, notes in results:
        merged.findings.extend(collected.findings)
        merged.superseded.extend(collected.superseded)
        merged.runs.update(collected.runs)
        merged.context_paths.extend(collected.context_paths)
        merged.catalogs.update(collected.catalogs)
        if cache is not None:
            cache.notes.extend(notes)
    return merged
