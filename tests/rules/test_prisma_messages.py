"""Findings on a Prisma schema name what the user wrote: models and fields, with the database
name in parentheses where ``@@map``/``@map`` differs."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import lint

SCHEMA = """datasource db {
  provider = "postgresql"
}

model Organization {
  id String @id
}

model FeedbackSource {
  id        String       @id
  createdBy String       @map("created_by")
  creator   Organization @relation(fields: [createdBy], references: [id])

  @@map("feedback_sources")
}
"""


def test_mapped_models_and_fields_are_named_as_written(tmp_path: Path) -> None:
    found, _ = lint(
        tmp_path, [("prisma/schema.prisma", SCHEMA)], ["SL101", "SL201", "SL402"], prisma=True
    )
    # `Organization` is a tenant root (a key references it): only the mapped model is told.
    assert found == [
        (
            "SL101",
            "prisma/schema.prisma",
            9,
            7,
            "Model `FeedbackSource` (table `feedback_sources`) has no tenant column "
            "(`organization_id` or `workspace_id`)",
        ),
        (
            "SL201",
            "prisma/schema.prisma",
            12,
            26,
            "Foreign key `createdBy` (column `created_by`) on model `FeedbackSource` "
            "(table `feedback_sources`) (referencing `Organization`) has no index",
        ),
    ]


def test_tenant_scoped_mapped_model_without_soft_delete_column(tmp_path: Path) -> None:
    schema = SCHEMA.replace(
        '  createdBy String       @map("created_by")\n',
        '  createdBy String       @map("created_by")\n  organizationId String @map("organization_id")\n',
    )
    found, _ = lint(tmp_path, [("prisma/schema.prisma", schema)], ["SL402"], prisma=True)
    assert found == [
        (
            "SL402",
            "prisma/schema.prisma",
            9,
            7,
            "Tenant-scoped model `FeedbackSource` (table `feedback_sources`) has no "
            "`deleted_at` column",
        )
    ]
