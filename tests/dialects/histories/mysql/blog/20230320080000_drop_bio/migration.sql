/*
  Warnings:

  - You are about to drop the column `bio` on the `Author` table. All the data in the column will be lost.

*/
-- AlterTable
ALTER TABLE `Author` DROP COLUMN `bio`,
    ADD COLUMN `website` VARCHAR(191) NULL;
