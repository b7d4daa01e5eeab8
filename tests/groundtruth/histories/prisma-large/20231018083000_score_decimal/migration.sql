/*
  Warnings:

  - You are about to alter the column `score` on the `Submission` table. The data in that column could be lost. The data in that column will be cast from `Integer` to `Decimal(10,2)`.

*/
-- AlterTable
ALTER TABLE "Submission" ALTER COLUMN "score" SET DATA TYPE DECIMAL(10,2);
