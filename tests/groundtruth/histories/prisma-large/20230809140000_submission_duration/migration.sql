-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "durationMs" INTEGER;

-- CreateIndex
CREATE INDEX "Submission_challengeId_status_idx" ON "Submission"("challengeId", "status");
