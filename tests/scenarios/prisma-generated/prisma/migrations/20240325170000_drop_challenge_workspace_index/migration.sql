-- DropIndex
DROP INDEX "Challenge_workspaceId_idx";
