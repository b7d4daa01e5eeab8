"""Where the memory of linting one large file goes, phase by phase (tracemalloc).

Usage: python bench/memory.py [--kind ddl] [--size MB] [--format json] [--top N]
                              [--budget MB]

Generates one ``bench/bigfile.py`` file of ``--size`` MB in a temporary folder and lints it in
this process with ``schemalint check --format FORMAT``, printing for each phase (the file's
parse with its statements' rules and replay, the schema rules, suppressions and fingerprints, the
report) the traced memory alive at its end, the peak during it, and the ``--top`` source lines
holding the most. ``--budget``: exit 1 when the traced peak of any phase exceeds it (the
memory check of a change, next to ``bigfile.py``'s peak RSS; tracemalloc counts Python's
allocations only, and slows the run several times).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bigfile import _PARTS, write

_MB = 1024 * 1024


class Phases:
    """Ends a phase at each call: what is alive then, and the peak since the last one."""

    def __init__(self, top: int) -> None:
        self.top = top
        self.peaks: list[float] = []
        # The report goes to the null device while the phases are printed here.
        self.out = sys.stdout

    def end(self, label: str) -> None:
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        self.peaks.append(peak / _MB)
        print(
            f"{label:28} alive {current / _MB:8.1f} MB   peak {peak / _MB:8.1f} MB", file=self.out
        )
        if self.top:
            snapshot = tracemalloc.take_snapshot()
            for stat in snapshot.statistics("lineno")[: self.top]:
                frame = stat.traceback[0]
                where = f"{frame.filename.rsplit('/src/', 1)[-1]}:{frame.lineno}"
                print(f"    {stat.size / _MB:8.1f} MB {stat.count:9} {where}", file=self.out)


def _around(owner: Any, name: str, before: Callable[[], None], after: Callable[[], None]) -> None:
    original = getattr(owner, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        before()
        result = original(*args, **kwargs)
        after()
        return result

    setattr(owner, name, wrapped)


@contextlib.contextmanager
def _in(folder: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=sorted(_PARTS), default="ddl")
    parser.add_argument("--size", type=float, default=5)
    parser.add_argument("--format", default="json")
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--budget", type=float, default=None, metavar="MB")
    args = parser.parse_args()
    tracemalloc.start()
    from schemalint import run
    from schemalint.cli import main as cli
    from schemalint.engine import prisma, stream

    phases = Phases(args.top)
    phases.end("imports")
    # The engine parses a file as it judges and replays its statements; a history's and a
    # Prisma schema's schema rules run after.
    for runs_schema_rules in (stream, prisma):
        _around(
            runs_schema_rules,
            "run_schema_rules",
            lambda: phases.end("parse, change rules, replay"),
            lambda: phases.end("schema rules"),
        )
    _around(
        run,
        "write_report",
        lambda: phases.end("suppressions, fingerprints"),
        lambda: phases.end("report"),
    )
    with tempfile.TemporaryDirectory() as folder, _in(Path(folder)):
        write(Path("big.sql"), args.kind, int(args.size * _MB))
        phases.peaks.clear()
        tracemalloc.reset_peak()
        sys.argv = ["schemalint", "check", "--format", args.format, "--exit-zero", "big.sql"]
        with (
            Path(os.devnull).open("w", encoding="utf-8") as null,
            contextlib.redirect_stdout(null),
            contextlib.suppress(SystemExit),
        ):
            cli()
    worst = max(phases.peaks)
    print(f"traced peak {worst:.1f} MB")
    if args.budget is not None and worst > args.budget:
        print(f"over the budget of {args.budget:.1f} MB", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
