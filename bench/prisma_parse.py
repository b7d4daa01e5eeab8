"""Time the Prisma frontend on schemas of about 5,000 lines.

Usage: python bench/prisma_parse.py [LINES]
Prints the median and best CPU time (and the best wall time) of 9 runs of parse and of parse +
lower, for each schema shape. The target is under 100 ms for parsing 5,000 lines. Two schemas
are timed: a dense generated one (every field carries two or three attributes, 42 characters a
line) and the repository's Prisma test fixtures repeated with renamed models (about 29
characters a line, closer to real schemas).
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from schemalint.frontends.prisma import load, parse
from schemalint.inputs.discovery import PrismaSchema
from schemalint.source import SourceFile

_MODEL = """/// Model {n} of the benchmark.
model Model{n} {{
  id             String    @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  organizationId String    @map("organization_id") @db.Uuid
  organization   Organization @relation(fields: [organizationId], references: [id], onDelete: Cascade)
  name           String    @db.VarChar(255) // display name
  status         Status    @default(ACTIVE)
  amount         Decimal?  @db.Decimal(10, 2)
  tags           String[]
  metadata       Json      @default("{{\\"enabled\\": false}}")
  createdAt      DateTime  @default(now()) @map("created_at")
  updatedAt      DateTime  @updatedAt @map("updated_at")
  deletedAt      DateTime? @map("deleted_at")

  @@unique([organizationId, name])
  @@index([organizationId, createdAt(sort: Desc)])
  @@map("model_{n}")
}}

"""

_HEADER = """datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

generator client {
  provider = "prisma-client-js"
}

enum Status {
  ACTIVE   @map("active")
  ARCHIVED @map("archived")
}

model Organization {
  id   String @id @db.Uuid
  name String
}

"""


def generate(lines: int) -> str:
    parts = [_HEADER]
    count = 0
    while sum(p.count("\n") for p in parts) < lines:
        parts.append(_MODEL.format(n=count))
        count += 1
    return "".join(parts)


_FIXTURES = Path(__file__).parent.parent / "tests" / "prisma" / "fixtures"
_CONFIG_BLOCK = re.compile(r"(datasource|generator) \w+ \{.*?\n\}\n", re.S)
_DECLARATION = re.compile(r"\b(model|enum|view) (\w+)")


def fixture_mix(lines: int) -> str:
    """The single-file fixtures, without config blocks, repeated with numbered names."""
    sources = [_CONFIG_BLOCK.sub("", p.read_text()) for p in sorted(_FIXTURES.glob("*.prisma"))]
    parts: list[str] = []
    count = 0
    while sum(p.count("\n") for p in parts) < lines:
        for source in sources:
            parts.append(_DECLARATION.sub(rf"\1 \g<2>{count}", source))
            count += 1
    return "".join(parts)


def timed(runs: int, action: Callable[[], object]) -> tuple[float, float, float]:
    """Median CPU, best CPU and best wall-clock time in ms.

    CPU time is steadier than wall time on a busy machine, and the best run is the least
    disturbed one; the median shows how far from it a typical run is.
    """
    wall = []
    cpu = []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        # Free the result outside the timed region: parsing is measured, not deallocation.
        del result
    return statistics.median(cpu) * 1000, min(cpu) * 1000, min(wall) * 1000


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    for label, text in (("dense", generate(lines)), ("fixture mix", fixture_mix(lines))):
        schema = PrismaSchema(Path(), (SourceFile("schema.prisma", text),))
        tree, errors = parse(schema)
        if errors:
            raise SystemExit(f"the {label} schema does not parse: {errors[:3]}")
        print(f"{label}: {text.count(chr(10))} lines, {len(text)} chars, {len(tree.models)} models")
        del tree
        for what, action in (
            ("parse", partial(parse, schema)),
            ("parse + lower", partial(load, schema)),
        ):
            median, best, wall = timed(9, action)
            print(
                f"  {what}: {median:.1f} ms CPU median, {best:.1f} ms CPU best,"
                f" {wall:.1f} ms wall best (9 runs)"
            )


if __name__ == "__main__":
    main()
