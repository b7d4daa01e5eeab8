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
import struct
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
    from collections.abc import Callable, Sequence

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
    """What the forked workers inherit: set just before they are forked, cleared after."""

    groups: list[Discovery]
    config: Config
    active: Sequence[ActiveRule]
    cache: ReplayCache | None
    # Send every catalog back (else plan the new-migration fixes here), give fixes at all,
    # the folder paths are relative to.
    catalogs: bool
    fixes: bool
    cwd: Path | None
    # What git says is uncommitted, asked once per worker process (each holds its own copy
    # of this object) rather than once per group: three git commands each time.
    git_answer: list[frozenset[Path] | None] = dataclasses.field(default_factory=list)

    def uncommitted(self, cwd: Path) -> frozenset[Path] | None:
        """The files not committed as they are (``None``: outside a git repository)."""
        if not self.git_answer:
            from schemalint.inputs.changed import uncommitted_files

            self.git_answer.append(uncommitted_files(cwd))
        return self.git_answer[0]


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
        asked = bool(work.git_answer)
        collected = _with_fixes(work.groups[index], collected, work)
        if work.git_answer and not asked:
            # Sent once: the main process plans the in-place fixes with the same answer.
            collected.uncommitted = list(work.git_answer)
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
    kept = _in_place_histories(group, marked, work)
    return replace(
        collected,
        findings=list(findings),
        catalogs={root: c for root, c in collected.catalogs.items() if root in kept},
        fixes_planned=True,
    )


def _in_place_histories(group: Discovery, findings: Sequence[Finding], work: _Work) -> set[Path]:
    """The histories with an unsuppressed finding fixed in place in an uncommitted file."""
    todo = [f for f in findings if f.code in FIXED_IN_PLACE and f.suppression is None]
    if not todo:
        return set()
    cwd = work.cwd or Path.cwd()
    uncommitted = work.uncommitted(cwd)
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
    if not hasattr(os, "fork"):
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
    try:
        results = _forked(order, workers)
    finally:
        gc.unfreeze()
        _work = None
    merged = Collected(fixes_planned=not catalogs)
    for collected, notes in results:
        merged.findings.extend(collected.findings)
        merged.superseded.extend(collected.superseded)
        merged.runs.update(collected.runs)
        merged.context_paths.extend(collected.context_paths)
        merged.catalogs.update(collected.catalogs)
        merged.uncommitted = merged.uncommitted or collected.uncommitted
        if cache is not None:
            cache.notes.extend(notes)
    return merged


# A message between the processes: its length, then the pickled value.
_LENGTH = struct.Struct("<Q")
# A group's index sent to a worker; -1: no more work.
_TASK = struct.Struct("<i")
_ENDED = "a --jobs worker process ended unexpectedly"


def _forked(order: list[int], workers: int) -> list[tuple[Collected, list[str]]]:
    """The results of ``_lint_group`` for every group, by index, linted in ``workers``
    forked processes: each is given the next group of ``order`` when it sends a result, so
    that the processes finish close together.

    A worker holds one group beyond the one it lints: when it sends a result it goes on
    at once, instead of waiting for this process to read and unpickle the result (another
    worker's, too) before it is told what to do next.
    """
    import pickle
    import selectors
    import signal

    children: dict[int, tuple[int, int]] = {}  # result pipe -> (pid, task pipe)
    results: dict[int, tuple[Collected, list[str]]] = {}
    todo = list(reversed(order))
    # Per result pipe: the groups sent and not answered yet; the workers told to stop.
    given: dict[int, int] = {}
    stopped: set[int] = set()

    def give(pipe: int) -> None:
        """The next group to the worker of ``pipe``, or (once) the word to stop."""
        if not todo and pipe in stopped:
            return
        task = todo.pop() if todo else -1
        try:
            os.write(children[pipe][1], _TASK.pack(task))
        except BrokenPipeError:
            raise RuntimeError(_ENDED) from None
        if task < 0:
            stopped.add(pipe)
        else:
            given[pipe] += 1

    try:
        for _ in range(workers):
            tasks_read, tasks_write = os.pipe()
            results_read, results_write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker
                status = 1
                try:
                    _ignore_interrupts()
                    os.close(tasks_write)
                    os.close(results_read)
                    for other, (_, task) in children.items():
                        os.close(other)
                        os.close(task)
                    _serve(tasks_read, results_write, pickle.dumps)
                    status = 0
                finally:
                    os._exit(status)
            os.close(tasks_read)
            os.close(results_write)
            children[results_read] = (pid, tasks_write)
            given[results_read] = 0
            give(results_read)
        for pipe in children:
            give(pipe)
        with selectors.DefaultSelector() as selector:
            for pipe in children:
                selector.register(pipe, selectors.EVENT_READ)
            while len(results) < len(order):
                for key, _ in selector.select():
                    pipe = key.fd
                    message = _receive(pipe)
                    if message is None:
                        raise RuntimeError(_ENDED)
                    given[pipe] -= 1
                    give(pipe)
                    if not given[pipe]:  # the worker stops, and its pipe closes
                        selector.unregister(pipe)
                    done, index, value = pickle.loads(message)
                    if not done:
                        raise value
                    results[index] = value
    finally:
        # Every result is in, or Ctrl-C or an error ends the run: the workers stop now.
        for pipe, (pid, task) in children.items():
            os.close(pipe)
            os.close(task)
            if len(results) < len(order):
                os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
    return [results[index] for index in range(len(order))]


def _serve(tasks: int, results: int, dumps: Callable[..., bytes]) -> None:
    """A worker's loop: lint the group whose index comes in, send back its result."""
    while True:
        data = _read(tasks, _TASK.size)
        if data is None:
            return
        (index,) = _TASK.unpack(data)
        if index < 0:
            return
        try:
            message = dumps((True, index, _lint_group(index)))
        except Exception as error:  # raised in the main process, as a serial run would
            try:
                message = dumps((False, index, error))
            except Exception:
                message = dumps((False, index, RuntimeError(f"{type(error).__name__}: {error}")))
        os.write(results, _LENGTH.pack(len(message)))
        view = memoryview(message)
        while view:
            view = view[os.write(results, view) :]


def _receive(pipe: int) -> bytes | None:
    """One message from a worker; ``None`` if it ended without sending one."""
    head = _read(pipe, _LENGTH.size)
    return None if head is None else _read(pipe, _LENGTH.unpack(head)[0])


def _read(pipe: int, size: int) -> bytes | None:
    """``size`` bytes from ``pipe``; ``None`` if it closes before."""
    chunks = []
    while size:
        chunk = os.read(pipe, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
