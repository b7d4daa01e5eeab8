"""A large generated migration, linted in a child process whose time and peak memory are measured."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

_BLOCK = """CREATE TABLE "t{i}" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "deleted_at" TIMESTAMP(3),
    CONSTRAINT "t{i}_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "t{i}_organization_id_idx" ON "t{i}"("organization_id");
ALTER TABLE "t{i}" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "p{i}" ON "t{i}" USING ("organization_id" = current_setting('app.org'));
"""

# Reports the child's own peak RSS, whatever other children the test session started. Linux
# keeps in ``ru_maxrss`` the peak of the process image before ``exec`` (the forked test
# session's): its own is ``VmHWM``, where /proc has it.
_MEASURED_RUN = """
import re, resource, sys
from schemalint.cli import main
try:
    main()
finally:
    try:
        with open("/proc/self/status") as status:
            peak = int(re.search(r"VmHWM:\\s*(\\d+)", status.read()).group(1))
    except (OSError, AttributeError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stderr.write(f"maxrss_kb={peak}\\n")
"""


@dataclass(frozen=True)
class Measured:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


def write_migration(path: Path, size: int) -> int:
    """A realistic migration of about ``size`` bytes ending in a DELETE; its last line number."""
    parts: list[str] = []
    total = 0
    index = 0
    while total < size:
        block = _BLOCK.format(i=index)
        parts.append(block)
        total += len(block)
        index += 1
    parts.append('DELETE FROM "t0";\n')
    text = "".join(parts)
    path.write_text(text, encoding="utf-8")
    return text.count("\n")


def lint_measured(folder: Path, *args: str, timeout: float) -> Measured:
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURED_RUN, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    seconds = time.monotonic() - started
    stderr, _, measure = completed.stderr.rstrip("\n").rpartition("\n")
    if not measure.startswith("maxrss_kb="):
        stderr, measure = completed.stderr, "maxrss_kb=0"
    peak_mb = int(measure.removeprefix("maxrss_kb=")) / 1024
    return Measured(completed.returncode, completed.stdout, stderr, seconds, peak_mb)
