"""Time the Prisma frontend on schemas of about 5,000 lines.

Usage: python bench/prisma_parse.py [LINES]   (prints the best of 7 runs for parse and load)
The target is under 100 ms for parsing 5,000 lines. Two schemas are timed: a dense generated
one (every field carries two or three attributes, 42 characters a line) and the repository's
Prisma test fixtures repeated with renamed models (about 29 characters a line, closer to real
schemas).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from schemalint.discovery import PrismaSchema
from schemalint.frontends.prisma import load, parse
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


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, float]:
    """Best wall-clock and best CPU time in ms (CPU time is steadier on a busy machine)."""
    wall = []
    cpu = []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        # Free the result outside the timed region: parsing is measured, not deallocation.
        del result
    return min(wall) * 1000, min(cpu) * 1000


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    for label, text in (("dense", generate(lines)), ("fixture mix", fixture_mix(lines))):
        schema = PrismaSchema(Path(), (SourceFile("schema.prisma", text),))
        parse_ms, parse_cpu = best_of(7, partial(parse, schema))
        load_ms, load_cpu = best_of(7, partial(load, schema))
        tree, errors = parse(schema)
        if errors:
            raise SystemExit(f"the {label} schema does not parse: {errors[:3]}")
        print(f"{label}: {text.count(chr(10))} lines, {len(text)} chars, {len(tree.models)} models")
        print(f"  parse: {parse_ms:.1f} ms wall, {parse_cpu:.1f} ms CPU (best of 7)")
        print(f"  parse + lower: {load_ms:.1f} ms wall, {load_cpu:.1f} ms CPU (best of 7)")


if __name__ == "__main__":
    main()
