-- Hand-edited: Prisma generated DROP TABLE "Team" + CREATE TABLE "Squad"; we rename instead
-- so existing teams, their members and their contest entries survive.

-- RenameTable
ALTER TABLE "Team" RENAME TO "Squad";
ALTER TABLE "Squad" RENAME CONSTRAINT "Team_pkey" TO "Squad_pkey";
ALTER TABLE "Squad" RENAME CONSTRAINT "Team_tenantId_fkey" TO "Squad_tenantId_fkey";

-- RenameIndex
ALTER INDEX "Team_tenantId_slug_key" RENAME TO "Squad_tenantId_slug_key";

-- RenameTable
ALTER TABLE "_TeamToUser" RENAME TO "_SquadToUser";
ALTER TABLE "_SquadToUser" RENAME CONSTRAINT "_TeamToUser_A_fkey" TO "_SquadToUser_A_fkey";
ALTER TABLE "_SquadToUser" RENAME CONSTRAINT "_TeamToUser_B_fkey" TO "_SquadToUser_B_fkey";

-- RenameIndex
ALTER INDEX "_TeamToUser_AB_unique" RENAME TO "_SquadToUser_AB_unique";

-- RenameIndex
ALTER INDEX "_TeamToUser_B_index" RENAME TO "_SquadToUser_B_index";

-- AlterTable
ALTER TABLE "Submission" RENAME COLUMN "teamId" TO "squadId";
ALTER TABLE "Submission" RENAME CONSTRAINT "Submission_teamId_fkey" TO "Submission_squadId_fkey";

-- RenameIndex
ALTER INDEX "Submission_teamId_idx" RENAME TO "Submission_squadId_idx";

-- AlterTable
ALTER TABLE "ContestEntry" RENAME COLUMN "teamId" TO "squadId";
ALTER TABLE "ContestEntry" RENAME CONSTRAINT "ContestEntry_teamId_fkey" TO "ContestEntry_squadId_fkey";

-- AlterTable
ALTER TABLE "Score" RENAME COLUMN "teamId" TO "squadId";
