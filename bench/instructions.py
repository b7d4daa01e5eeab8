"""Count the CPU instructions of schemalint runs: a speed measure that a busy machine does not blur.

Usage: python bench/instructions.py [--files 500] [--only startup,one,full,warm,ddl,line]

Wall times on a shared 2-core machine drift by 50% from one minute to the next; the number of
instructions a run executes (valgrind's callgrind, ``valgrind`` must be installed) is the same
every time for the same code and input, so it tells whether a change made a run cheaper. Each
run takes ~50x its normal time under valgrind. Runs, on the history ``bench/run.py`` lints:

- ``startup``: ``schemalint check`` of an empty folder (interpreter, imports, discovery);
- ``one``: the last file with the other files replayed as context (what pre-commit lints);
- ``full``: the whole history;
- ``warm``: ``one`` with a warm ``--cache``;
- ``many``: the 22 independent histories of ``bench/run.py``'s monorepo with ``--jobs 1``;
- ``many2``: the same with ``--jobs 2``, the instructions of every process of the run added up
  (what the pool costs beyond ``many``: forking, sending work and results);
- ``ddl`` and ``line`` (not run unless named): ``bench/bigfile.py``'s 5 MB DDL file and 1 MB
  single line, where converting parse trees to IR is most of the work.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bigfile import write
from generate import generate, monorepo

_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(command: list[str], cwd: Path) -> int:
    """The instructions callgrind counts for one run of ``command``, of all its processes
    (callgrind follows forks; each process reports its own count)."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            # A forked worker starts with its parent's counts: zeroed, so that the sum over
            # the processes counts the work before the fork once.
            "--zero-before=PyOS_AfterFork_Child",
            *command,
        ],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    counts = [int(count) for count in _COLLECTED.findall(done.stderr)]
    if done.returncode not in (0, 1) or not counts:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return sum(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--only", default="startup,one,full,warm,many,many2")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    schemalint = [sys.executable, "-m", "schemalint", "check", "--format", "json"]
    # As in run.py: count an installed package's work, not the compiling of changed modules.
    package = Path(__file__).parent.parent / "src" / "schemalint"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        files = generate(root / "supabase" / "migrations", args.files, seed=7)
        (root / "empty").mkdir()
        monorepo(root / "monorepo", 22)
        big = {"ddl": 5 * 1024 * 1024, "line": 1024 * 1024}
        for kind in big.keys() & set(args.only.split(",")):
            (root / kind).mkdir()
            write(root / kind / "big.sql", kind, big[kind])
        last = str(files[-1].relative_to(root))
        cache = ["--cache-dir", str(root / "cache")]
        runs = {
            "startup": [*schemalint, "empty"],
            "one": [*schemalint, last],
            "full": [*schemalint, "supabase/migrations"],
            "warm": [*schemalint, *cache, last],
            "many": [*schemalint, "--jobs", "1", "monorepo/services"],
            "many2": [*schemalint, "--jobs", "2", "monorepo/services"],
            "ddl": [*schemalint, "ddl/big.sql"],
            "line": [*schemalint, "line/big.sql"],
        }
        subprocess.run([*schemalint, *cache, last], cwd=root, capture_output=True, check=False)
        for name in args.only.split(","):
            count = instructions(runs[name], root)
            print(f"{name:8} {count / 1e9:7.3f} G instructions", flush=True)


if __name__ == "__main__":
    main()
