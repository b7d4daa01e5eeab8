-- Edited by hand (prisma migrate dev --create-only): Prisma's table rebuild replaced by one ALTER.
-- AlterTable
ALTER TABLE "Project" ADD COLUMN "priority" INTEGER NOT NULL;
