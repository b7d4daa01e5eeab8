-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Contest" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Squad" ADD COLUMN     "deletedAt" TIMESTAMP(3);
