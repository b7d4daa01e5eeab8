-- Edited by hand: prisma migrate dev proposed DROP COLUMN + ADD COLUMN, which loses data.
-- AlterTable
ALTER TABLE "Submission" RENAME COLUMN "content" TO "body";
