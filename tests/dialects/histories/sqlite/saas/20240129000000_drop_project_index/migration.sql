-- DropIndex
DROP INDEX "Project_organization_id_idx";

-- AlterTable
ALTER TABLE "Project" RENAME COLUMN "deleted_at" TO "deletedAt";
