"""A Prisma schema with its generated migrations: each problem is reported once, on the schema."""

from __future__ import annotations

from pathlib import Path

from schemalint.config import Config
from schemalint.engine import lint
from schemalint.inputs.discovery import discover
from tests.rules.helpers import Seen, seen

SCHEMA = """\
datasource db {
  provider = "postgresql"
}

model Workspace {
  id          String      @id @default(uuid())
  submissions Submission[]
  @@map("workspaces")
}

model Submission {
  id          String    @id @default(uuid())
  workspaceId String    @map("workspace_id")
  deletedAt   DateTime? @map("deleted_at")
  workspace   Workspace @relation(fields: [workspaceId], references: [id])
  @@map("submissions")
}
"""

INIT = """\
-- CreateTable
CREATE TABLE "workspaces" (
    "id" TEXT NOT NULL,
    CONSTRAINT "workspaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "submissions" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "deleted_at" TIMESTAMP(3),
    CONSTRAINT "submissions_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
"""


def _project(root: Path, *migrations: tuple[str, str]) -> None:
    (root / "prisma").mkdir()
    (root / "prisma" / "schema.prisma").write_text(SCHEMA)
    for name, sql in migrations:
        folder = root / "prisma" / "migrations" / name
        folder.mkdir(parents=True)
        (folder / "migration.sql").write_text(sql)
    (root / "prisma" / "migrations" / "migration_lock.toml").write_text('provider = "postgresql"\n')


def _report(root: Path) -> list[Seen]:
    result = lint(discover([root], cwd=root), Config(root=root, select=("SL201",)))
    return [seen(f, result.sources[f.path]) for f in result.findings]


def test_unindexed_foreign_key_is_reported_once_on_the_schema(tmp_path: Path) -> None:
    _project(tmp_path, ("20240101000000_init", INIT))
    assert _report(tmp_path) == [
        (
            "SL201",
            "prisma/schema.prisma",
            15,
            25,
            "Foreign key `workspaceId` (column `workspace_id`) on model `Submission` (table "
            "`submissions`) (referencing model `Workspace` (table `workspaces`)) has no index",
        )
    ]


def test_index_written_by_hand_in_a_migration_covers_the_schema_foreign_key(
    tmp_path: Path,
) -> None:
    by_hand = 'CREATE INDEX CONCURRENTLY "submissions_ws_idx" ON "submissions" ("workspace_id");\n'
    _project(tmp_path, ("20240101000000_init", INIT), ("20240102000000_index", by_hand))
    assert _report(tmp_path) == []
