"""Benchmark schemalint on a generated 500-file history, and squawk on the same files.

Usage: python bench/run.py [--files 500] [--histories 22] [--repeat 5] [--squawk PATH]
       [--only history|monorepo] [--instructions]

Prints, from one run: the full-history lint wall time, the wall time of linting one file (the
last one) with the whole history replayed as context (what pre-commit does), the same with a
warm ``--cache`` (filled by one run first; the cache lives in the temporary folder), the peak
RSS of each, and squawk's wall time on the same files when squawk is installed
(``pip install squawk-cli``). Times are the median of ``--repeat`` runs; the CPU time (user +
system) beside each wall time tells a slow run from a busy machine. The full-history runs and
squawk's alternate, and their ratio is the median of the ratios of back-to-back pairs: a shared
machine's speed drifts from one minute to the next, so medians taken minutes apart compare two
different machines.

Then a monorepo of ``--histories`` independent histories (services of 20 to 250 files, about
2,500 files in all with the default): schemalint with ``--jobs 1`` (one process) and with the
default ``--jobs`` (one process per core), each next to squawk on the same files, and the
largest peak RSS of any one process of the run.

``--instructions`` adds, under each case, the instructions callgrind counts for one run of
schemalint and one of squawk on the same files (every process of the run added up; needs
``valgrind``; each counted run takes ~50x its time): unlike wall times, the same on a busy
machine (``bench/instructions.py`` counts schemalint's alone, and start-up).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate, monorepo
from instructions import instructions

Run = tuple[float, float, int]
"""Wall seconds, CPU seconds and peak RSS (KiB) of one run."""


def measure(command: list[str], cwd: Path) -> Run:
    """Wall seconds, CPU seconds and peak RSS (KiB) of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def median_of(command: list[str], cwd: Path, repeat: int) -> Run:
    return summary([measure(command, cwd) for _ in range(repeat)])


def paired_runs(
    first: list[str], second: list[str] | None, cwd: Path, repeat: int
) -> tuple[list[Run], list[Run]]:
    """Runs of ``first`` and ``second`` taken back to back, so that each pair saw the same
    machine: on a shared machine speed drifts between minutes, not between adjacent runs."""
    firsts: list[Run] = []
    seconds: list[Run] = []
    for _ in range(repeat):
        firsts.append(measure(first, cwd))
        if second is not None:
            seconds.append(measure(second, cwd))
    return firsts, seconds


def summary(runs: list[Run]) -> Run:
    """Median wall and CPU seconds, and the largest peak RSS, of some runs."""
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        max(r[2] for r in runs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--histories", type=int, default=22)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--squawk", default=shutil.which("squawk"))
    parser.add_argument(
        "--only", choices=("history", "monorepo"), help="run one of the two parts alone"
    )
    parser.add_argument(
        "--instructions", action="store_true", help="count each case's instructions (callgrind)"
    )
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        raise SystemExit("--instructions: valgrind is not installed (apt-get install valgrind)")
    counted = Counted(args.instructions)
    schemalint = [sys.executable, "-m", "schemalint", "check", "--format", "json"]
    # An installed package has its bytecode (pip compiles it); a source checkout run with
    # PYTHONDONTWRITEBYTECODE would compile every module on every run and time the compiler.
    package = subprocess.run(
        [sys.executable, "-c", "import schemalint; print(schemalint.__path__[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True)
    print(f"bytecode compiled in {package}")
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        if args.only != "monorepo":
            one_history(root, args.files, schemalint, args.squawk, args.repeat, counted)
        if args.only != "history":
            many_histories(
                root / "monorepo", args.histories, schemalint, args.squawk, args.repeat, counted
            )


class Counted:
    """Prints the instructions of a case's schemalint and squawk commands when asked to."""

    def __init__(self, wanted: bool) -> None:
        self.wanted = wanted

    def __call__(self, cwd: Path, schemalint: list[str], squawk: list[str] | None) -> None:
        if not self.wanted:
            return
        ours = instructions(schemalint, cwd) / 1e9
        line = f"  instructions: schemalint {ours:.3f} G"
        if squawk:
            theirs = instructions(squawk, cwd) / 1e9
            line += f", squawk {theirs:.3f} G ({ours / theirs:.2f}x)"
        print(line, flush=True)


def one_history(
    root: Path, count: int, schemalint: list[str], squawk: str | None, repeat: int, counted: Counted
) -> None:
    """One generated history: whole, one file with the rest as context, cold and warm."""
    history = root / "supabase" / "migrations"
    files = generate(history, count, seed=7)
    size = sum(p.stat().st_size for p in files) / 1024
    relative = [str(p.relative_to(root)) for p in files]
    print(f"history: {len(files)} files, {size:.0f} KiB")
    full_command = [*schemalint, "supabase/migrations"]
    squawk_command = [squawk, *relative] if squawk else None
    full_runs, squawk_runs = paired_runs(full_command, squawk_command, root, repeat)
    full, full_cpu, full_rss = summary(full_runs)
    print(
        f"schemalint, full history:       {full:.3f} s wall ({full_cpu:.3f} s CPU), "
        f"peak RSS {full_rss / 1024:.0f} MB"
    )
    counted(root, full_command, squawk_command)
    one, one_cpu, one_rss = median_of([*schemalint, relative[-1]], root, repeat)
    print(
        f"schemalint, one file + history: {one:.3f} s wall ({one_cpu:.3f} s CPU), "
        f"peak RSS {one_rss / 1024:.0f} MB"
    )
    counted(root, [*schemalint, relative[-1]], [squawk, relative[-1]] if squawk else None)
    cache = ["--cache-dir", str(root / "cache"), relative[-1]]
    measure([*schemalint, *cache], root)
    warm, warm_cpu, warm_rss = median_of([*schemalint, *cache], root, repeat)
    print(
        f"schemalint, one file, warm --cache: {warm:.3f} s wall ({warm_cpu:.3f} s CPU), "
        f"peak RSS {warm_rss / 1024:.0f} MB"
    )
    counted(root, [*schemalint, *cache], [squawk, relative[-1]] if squawk else None)
    if squawk_runs:
        squawk_wall, squawk_cpu, _ = summary(squawk_runs)
        print(
            f"squawk, same {len(files)} files:       {squawk_wall:.3f} s wall "
            f"({squawk_cpu:.3f} s CPU)"
        )
        ratios = [f[0] / q[0] for f, q in zip(full_runs, squawk_runs, strict=True)]
        print(
            f"schemalint full / squawk:     {statistics.median(ratios):.2f}x "
            f"(median of {len(ratios)} back-to-back pairs; "
            f"range {min(ratios):.2f}x-{max(ratios):.2f}x)"
        )
    else:
        print("squawk: not installed (pip install squawk-cli), no comparison")


def many_histories(
    root: Path, count: int, schemalint: list[str], squawk: str | None, repeat: int, counted: Counted
) -> None:
    """Independent services, one Supabase history each, of realistic and varied sizes."""
    files = monorepo(root, count)
    size = sum(p.stat().st_size for p in files) / 1024
    relative = [str(p.relative_to(root)) for p in files]
    print(f"monorepo: {count} histories, {len(files)} files, {size:.0f} KiB")
    print(f"load average before: {_load()}")
    squawk_command = [squawk, *relative] if squawk else None
    for label, jobs in (("--jobs 1", ["--jobs", "1"]), ("default --jobs", [])):
        runs, squawk_runs = paired_runs(
            [*schemalint, *jobs, "services"], squawk_command, root, repeat
        )
        wall, cpu, rss = summary(runs)
        print(
            f"schemalint, {label + ':':16} {wall:.3f} s wall ({cpu:.3f} s CPU), "
            f"peak RSS per process {rss / 1024:.0f} MB"
        )
        if squawk_runs:
            squawk_wall, squawk_cpu, _ = summary(squawk_runs)
            ratios = [f[0] / q[0] for f, q in zip(runs, squawk_runs, strict=True)]
            print(
                f"  squawk, same files:         {squawk_wall:.3f} s wall ({squawk_cpu:.3f} s CPU); "
                f"schemalint / squawk {statistics.median(ratios):.2f}x "
                f"(range {min(ratios):.2f}x-{max(ratios):.2f}x)"
            )
        counted(root, [*schemalint, *jobs, "services"], squawk_command)
    print(f"load average after: {_load()}")


def _load() -> str:
    """The machine's load averages (1, 5, 15 minutes): a busy machine stretches wall times."""
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


if __name__ == "__main__":
    main()
