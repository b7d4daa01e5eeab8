-- Hand-edited: Prisma proposed dropping "name" and adding "fullName", which loses data.
-- AlterTable
ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";
