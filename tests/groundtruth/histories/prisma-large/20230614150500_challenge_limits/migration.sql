/*
  Warnings:

  - You are about to alter the column `title` on the `Challenge` table. The data in that column could be lost. The data in that column will be cast from `Text` to `VarChar(200)`.

*/
-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "memoryLimitMb" INTEGER NOT NULL DEFAULT 256,
ADD COLUMN     "timeLimitMs" INTEGER NOT NULL DEFAULT 2000,
ALTER COLUMN "title" SET DATA TYPE VARCHAR(200);
