-- DropIndex
DROP INDEX "Submission_challengeId_idx";
