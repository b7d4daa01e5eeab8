-- DropForeignKey
ALTER TABLE "Submission" DROP CONSTRAINT "Submission_workspaceId_fkey";

-- DropIndex
DROP INDEX "Submission_workspaceId_idx";

-- CreateIndex
CREATE INDEX "Submission_workspaceId_createdAt_idx" ON "Submission"("workspaceId", "createdAt");

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
