"""``--jobs``: independent migration streams linted in parallel processes.

A stream (with the Prisma schema it was generated from, if any) shares nothing with another
stream: each is replayed from an empty catalog. The work is split into such groups, the
groups are linted in worker processes, and their findings are put back together in the order
a serial run makes them, so the report is byte-identical whatever the number of jobs.

Workers are forked: they inherit the files already read and the configuration, and send back
only their findings. Where processes cannot be forked, the run stays serial.
"""

from __future__ import annotations

import dataclasses
import os
import signal
from typing import TYPE_CHECKING

from schemalint.discovery import Discovery
from schemalint.engine import Collected, collect

if TYPE_CHECKING:
    from schemalint.cache import ReplayCache
    from schemalint.config import Config


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def groups_of(discovery: Discovery) -> list[Discovery]:
    """The independent parts of ``discovery``: each stream with the schema beside it (Prisma's
    ``migrations`` folder), then each schema without a stream."""
    by_history = {schema.root / "migrations": schema for schema in discovery.prisma_schemas}
    paired = set()
    groups = []
    for stream in discovery.streams:
        schema = by_history.get(stream.root)
        if schema is not None:
            paired.add(schema.root)
        groups.append(
            dataclasses.replace(
                discovery, streams=(stream,), prisma_schemas=(schema,) if schema else ()
            )
        )
    groups.extend(
        dataclasses.replace(discovery, streams=(), prisma_schemas=(schema,))
        for schema in discovery.prisma_schemas
        if schema.root not in paired
    )
    return groups


def _size(group: Discovery) -> int:
    files = [f for s in group.streams for f in s.files]
    files += [f for s in group.prisma_schemas for f in s.files]
    return sum(len(f.text) for f in files)


def _preload(discovery: Discovery, config: Config) -> None:
    """Import the replay and the PostgreSQL frontend once, before forking, rather than once
    in every worker (a tenth of a second each)."""
    from schemalint.catalog import replay  # noqa: F401

    # A guess is enough (the worker imports what it needs): a stream whose layout names no
    # dialect is PostgreSQL unless the configuration or its Prisma schema says otherwise.
    if config.dialect in ("auto", "postgres") and any(
        stream.dialect in (None, "postgres") for stream in discovery.streams
    ):
        from schemalint.frontends import postgres  # noqa: F401


# What the forked workers inherit: set just before the pool starts, cleared after.
_work: tuple[list[Discovery], Config, ReplayCache | None] | None = None


def _ignore_interrupts() -> None:
    """Ctrl-C reaches every process of the terminal's group: the main process alone answers
    it (and stops the workers), so that it is said once and promptly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _lint_group(index: int) -> tuple[Collected, list[str]]:
    assert _work is not None
    groups, config, cache = _work
    noted = len(cache.notes) if cache else 0
    collected = collect(groups[index], config, cache)
    return collected, cache.notes[noted:] if cache else []


def collect_in_parallel(
    discovery: Discovery, config: Config, cache: ReplayCache | None, jobs: int
) -> Collected:
    """``collect(discovery, ...)`` with up to ``jobs`` processes; the same result."""
    global _work
    groups = groups_of(discovery)
    workers = min(jobs, len(groups))
    if workers < 2:
        return collect(discovery, config, cache)
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return collect(discovery, config, cache)
    _preload(discovery, config)
    if cache is not None:
        cache.usable()  # decided once, here: its notes are said once, not by every worker
    # The largest groups first, so that a long history does not start last.
    order = sorted(range(len(groups)), key=lambda i: -_size(groups[i]))
    _work = (groups, config, cache)
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts)
    try:
        pending = {index: pool.apply_async(_lint_group, (index,)) for index in order}
        results = [pending[index].get() for index in range(len(groups))]
    finally:
        # Every result is in, or Ctrl-C or an error ends the run: the workers stop now.
        pool.terminate()
        pool.join()
        _work = None
    merged = Collected()
    for collected, notes in results:
        merged.findings.extend(collected.findings)
        merged.superseded.extend(collected.superseded)
        merged.runs.update(collected.runs)
        if cache is not None:
            cache.notes.extend(notes)
    return merged
