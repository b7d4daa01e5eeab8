"""Time and peak memory of linting one large SQL file, next to squawk on the same file.

Usage: python bench/bigfile.py [--sizes 2 20 50] [--kinds ddl inserts line] [--dir DIR]
                               [--squawk PATH] [--squawk-timeout SECONDS] [--instructions]

Generates, for each kind and size (in MB), one file in a temporary folder (or ``--dir``) and
lints it once with ``schemalint check --format json`` (the ``line`` kind: once per output
format), printing wall seconds, CPU seconds and peak RSS, then squawk's on the same file when
squawk is installed (``pip install squawk-cli``; killed after ``--squawk-timeout`` seconds,
exit -9), and for each kind the CPU ratio of each size to the one before. Kinds: ``ddl``, a huge generated migration (tables, indexes, RLS, policies,
a function); ``inserts``, a pg_dump ``--inserts`` style data dump (one INSERT per row, strings
with quotes, backslashes, non-ASCII text and NULLs), with its schema first; ``line``, one line
of ``CREATE TABLE``s (1 MB: about 37,000 tables, each one finding or more), whatever
``--sizes`` says.

``--instructions`` adds the instructions callgrind counts for each run (squawk's only when its
timed run finished): the same on a busy machine; each counted run takes ~50x its time.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

_DDL = """CREATE TABLE "t{i}" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "title" VARCHAR(200) NOT NULL DEFAULT 'untitled; draft',
    "deleted_at" TIMESTAMP(3),
    CONSTRAINT "t{i}_pkey" PRIMARY KEY ("id")
);
-- an index for the tenant filter; see t{i}
CREATE INDEX "t{i}_organization_id_idx" ON "t{i}"("organization_id");
ALTER TABLE "t{i}" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "p{i}" ON "t{i}" USING ("organization_id" = current_setting('app.org'));
CREATE FUNCTION "f{i}"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."title" := trim(NEW."title"); /* keep ; out */
  RETURN NEW;
END;
$$;
"""

_SCHEMA = """CREATE TABLE public.events (
    id bigint NOT NULL,
    organization_id uuid NOT NULL,
    kind text NOT NULL,
    payload text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone
);
ALTER TABLE public.events ENABLE ROW LEVEL SECURITY;
"""

_ROW = (
    "INSERT INTO public.events (id, organization_id, kind, payload, created_at, deleted_at) "
    "VALUES ({i}, '{org}', '{kind}', {payload}, '2024-01-{day:02d} 10:{minute:02d}:00+00', NULL);\n"
)
_KINDS = ("signup", "it's done; really", "caf\u00e9 \u2615", "path\\to\\file")


def _ddl_blocks() -> Iterator[str]:
    index = 0
    while True:
        yield _DDL.format(i=index)
        index += 1


def _insert_rows() -> Iterator[str]:
    yield _SCHEMA
    index = 0
    while True:
        payload = "NULL" if index % 7 == 0 else f'E\'{{"n": {index}, "s": "a\\\\nb"}}\''
        yield _ROW.format(
            i=index,
            org=f"00000000-0000-0000-0000-{index % 1000:012d}",
            kind=_KINDS[index % len(_KINDS)].replace("'", "''"),
            payload=payload,
            day=index % 28 + 1,
            minute=index % 60,
        )
        index += 1


def _line_tables() -> Iterator[str]:
    index = 0
    while True:
        yield f"CREATE TABLE t{index} (id int);"
        index += 1


_PARTS = {"ddl": _ddl_blocks, "inserts": _insert_rows, "line": _line_tables}
_LAST = {"ddl": 'DELETE FROM "t0";\n', "inserts": "DELETE FROM public.events;\n", "line": "\n"}
_FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab")


def write(path: Path, kind: str, size: int) -> None:
    """About ``size`` characters of ``kind`` SQL, ending in a DELETE (``line``: a newline)."""
    total = 0
    with path.open("w", encoding="utf-8") as out:
        for part in _PARTS[kind]():
            if total >= size:
                break
            out.write(part)
            total += len(part)
        out.write(_LAST[kind])


def measure(
    command: list[str], cwd: Path, timeout: float | None = None
) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, peak RSS (KiB) and exit code of one run; a run still going
    after ``timeout`` seconds is killed (exit code -9, its times so far)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG if timeout else 0)
        if pid:
            break
        if time.perf_counter() - start > (timeout or 0):
            process.kill()
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    return (
        elapsed,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss,
        os.waitstatus_to_exitcode(status),
    )


def _row(label: str, size: int, run: tuple[float, float, int, int], count: str = "") -> None:
    wall, cpu, peak, code = run
    print(f"{label:22} {size:4} {wall:8.1f} {cpu:8.1f} {peak / 1024:8.0f} {code:4} {count}")
    sys.stdout.flush()


def _count(wanted: bool, command: list[str], cwd: Path) -> str:
    """The instructions of one run of ``command`` (G), when ``wanted``."""
    if not wanted:
        return ""
    from instructions import instructions

    return f"{instructions(command, cwd) / 1e9:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 20, 50])
    parser.add_argument(
        "--kinds", nargs="+", choices=sorted(_PARTS), default=["ddl", "inserts", "line"]
    )
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--squawk", default=shutil.which("squawk"))
    parser.add_argument("--squawk-timeout", type=float, default=120, metavar="SECONDS")
    parser.add_argument(
        "--instructions", action="store_true", help="count each run's instructions (callgrind)"
    )
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        raise SystemExit("--instructions: valgrind is not installed (apt-get install valgrind)")
    schemalint = [sys.executable, "-m", "schemalint", "check"]
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.dir or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        count = " G instr" if args.instructions else ""
        print(f"{'case':22} {'MB':>4} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} exit{count}")
        for kind in args.kinds:
            cpus: list[tuple[int, float]] = []
            for size in [1] if kind == "line" else args.sizes:
                write(folder / "big.sql", kind, size * 1024 * 1024)
                for form in _FORMATS if kind == "line" else ("json",):
                    command = [*schemalint, "--format", form, "big.sql"]
                    run = measure(command, folder)
                    _row(
                        f"{kind} --format {form}",
                        size,
                        run,
                        _count(args.instructions, command, folder),
                    )
                    cpus.append((size, run[1]))
                if args.squawk:
                    command = [args.squawk, "big.sql"]
                    squawk = measure(command, folder, args.squawk_timeout)
                    counted = _count(args.instructions and squawk[3] != -9, command, folder)
                    _row(f"{kind} squawk", size, squawk, counted)
            for (small, before), (large, after) in itertools.pairwise(cpus):
                if large != small and before > 0:
                    print(f"{kind} {large} MB / {small} MB CPU ratio: {after / before:.1f}")
        if not args.squawk:
            print("squawk: not installed (pip install squawk-cli), no comparison")


if __name__ == "__main__":
    main()
