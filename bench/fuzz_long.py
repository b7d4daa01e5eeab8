"""The long fuzzing profile: rounds of the robustness properties, each with a new seed.

Usage: python bench/fuzz_long.py [--minutes 5] [--examples 300] [--select EXPR] [--big]

Each round runs ``tests/robustness`` with ``SCHEMALINT_FUZZ_PROFILE=long``, a per-test budget of
``--examples`` (scaled by each test's weight) and ``--hypothesis-seed=<round>``, until the time
is up. It prints how many inputs were tried and keeps the output of failing rounds in
``fuzz_long-<seed>.log`` in the temporary folder (the seed reproduces the round). ``--big`` also lints a 50 MB
migration once and prints its time and peak memory.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_COUNTS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")
_TEST = re.compile(r"^tests/robustness/(\S+?)::(\w+):$")


def _per_test(output: str) -> dict[str, int]:
    """Valid inputs tried per property, from ``--hypothesis-show-statistics``."""
    tried: dict[str, int] = {}
    current = ""
    for line in output.splitlines():
        test = _TEST.match(line)
        if test:
            current = test[2]
        counts = _COUNTS.search(line)
        if counts and current:
            tried[current] = tried.get(current, 0) + int(counts[1]) + int(counts[2])
    return tried


def _round(seed: int, examples: int, selection: str) -> tuple[int, int, int, str]:
    """(valid inputs tried, failing inputs, pytest exit code, output) of one round."""
    env = {
        **os.environ,
        "SCHEMALINT_FUZZ_PROFILE": "long",
        "SCHEMALINT_FUZZ_EXAMPLES": str(examples),
    }
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/robustness",
            "-q",
            "-p",
            "no:cacheprovider",
            "-k",
            selection,
            f"--hypothesis-seed={seed}",
            "--hypothesis-show-statistics",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = completed.stdout + completed.stderr
    counts = [tuple(map(int, m.groups())) for m in _COUNTS.finditer(output)]
    tried = sum(passing + failing for passing, failing, _ in counts)
    failing = sum(failing for _, failing, _ in counts)
    return tried, failing, completed.returncode, output


def _keep(name: str, output: str) -> None:
    log = Path(tempfile.gettempdir()) / name
    log.write_text(output, encoding="utf-8")
    print(f"  output kept in {log}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--examples", type=int, default=300, help="per test and round")
    parser.add_argument("--big", action="store_true", help="also lint a 50 MB migration")
    parser.add_argument(
        "--select", default="not fifty", help="pytest -k expression: which properties to run"
    )
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    total = rounds = 0
    failed: list[int] = []
    by_test: dict[str, int] = {}
    seed = int(time.time())
    while rounds == 0 or time.monotonic() < deadline:  # at least one round
        started = time.monotonic()
        tried, failing, code, output = _round(seed, args.examples, args.select)
        total += tried
        rounds += 1
        for name, count in _per_test(output).items():
            by_test[name] = by_test.get(name, 0) + count
        status = "ok" if code == 0 else f"FAILED ({failing} failing inputs)"
        print(
            f"round {rounds} seed {seed}: {tried} inputs in {time.monotonic() - started:.0f} s, {status}"
        )
        if code != 0:
            failed.append(seed)
            _keep(f"fuzz_long-{seed}.log", output)
        seed += 1
    for name, count in sorted(by_test.items()):
        print(f"  {count:>8} {name}")
    print(f"{total} inputs tried in {rounds} rounds; failing seeds: {failed or 'none'}")
    if args.big:
        _, _, code, output = _round(seed, 1, "fifty")
        print(f"50 MB migration: {'ok' if code == 0 else 'FAILED'}")
        if code != 0:
            _keep("fuzz_long-big.log", output)
            failed.append(-1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
