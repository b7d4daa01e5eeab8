-- AlterTable
ALTER TABLE "_ChallengeToContest" ADD CONSTRAINT "_ChallengeToContest_AB_pkey" PRIMARY KEY ("A", "B");

-- DropIndex
DROP INDEX "_ChallengeToContest_AB_unique";

-- AlterTable
ALTER TABLE "_ChallengeToTag" ADD CONSTRAINT "_ChallengeToTag_AB_pkey" PRIMARY KEY ("A", "B");

-- DropIndex
DROP INDEX "_ChallengeToTag_AB_unique";

-- AlterTable
ALTER TABLE "_SquadToUser" ADD CONSTRAINT "_SquadToUser_AB_pkey" PRIMARY KEY ("A", "B");

-- DropIndex
DROP INDEX "_SquadToUser_AB_unique";
