/*
  Warnings:

  - Added the required column `priority` to the `projects` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "projects" ADD COLUMN "priority" INTEGER NOT NULL;

-- DropIndex
DROP INDEX "projects_organization_id_title_key";

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'VIEWER';

-- RenameIndex
ALTER INDEX "projects_pkey" RENAME TO "projects_id_pkey";

-- CreateTable
CREATE TABLE "tasks" (
    "id" SERIAL NOT NULL,
    "project_id" TEXT NOT NULL,
    "workspace_id" TEXT,
    "note" TEXT DEFAULT 'it''s "quoted"',

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "tasks_note_check" CHECK (length("note") < 500 AND ("id" > 0 OR "note" IS NULL))
);

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
