"""Time and peak memory of linting one large SQL file.

Usage: python bench/bigfile.py [--sizes 1 10 50] [--kinds ddl inserts] [--dir DIR]

Generates, for each kind and size (in MB), one file in a temporary folder (or ``--dir``) and
lints it once with ``schemalint check --format json``, printing wall seconds, CPU seconds and
peak RSS. Kinds: ``ddl``, a huge generated migration (tables, indexes, RLS, policies, a
function); ``inserts``, a pg_dump ``--inserts`` style data dump (one INSERT per row, strings
with quotes, backslashes, non-ASCII text and NULLs), with its schema first.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

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


def write(path: Path, kind: str, size: int) -> None:
    """About ``size`` characters of ``kind`` SQL, ending in a DELETE."""
    parts = _ddl_blocks() if kind == "ddl" else _insert_rows()
    total = 0
    with path.open("w", encoding="utf-8") as out:
        for part in parts:
            if total >= size:
                break
            out.write(part)
            total += len(part)
        out.write('DELETE FROM "t0";\n' if kind == "ddl" else "DELETE FROM public.events;\n")


def measure(command: list[str], cwd: Path) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, peak RSS (KiB) and exit code of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    return (
        elapsed,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss,
        os.waitstatus_to_exitcode(status),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument(
        "--kinds", nargs="+", choices=["ddl", "inserts"], default=["ddl", "inserts"]
    )
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    command = [sys.executable, "-m", "schemalint", "check", "--format", "json", "big.sql"]
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.dir or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'kind':8} {'MB':>4} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} exit")
        for kind in args.kinds:
            for size in args.sizes:
                write(folder / "big.sql", kind, size * 1024 * 1024)
                wall, cpu, peak, code = measure(command, folder)
                print(f"{kind:8} {size:4} {wall:8.1f} {cpu:8.1f} {peak / 1024:8.0f} {code}")
                sys.stdout.flush()


if __name__ == "__main__":
    main()
