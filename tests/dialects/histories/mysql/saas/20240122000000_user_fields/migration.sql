/*
  Warnings:

  - Added the required column `role` to the `User` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE `User` ADD COLUMN `role` ENUM('OWNER', 'MEMBER') NOT NULL,
    ADD COLUMN `lastSeenAt` DATETIME(3) NULL,
    MODIFY `name` VARCHAR(255) NOT NULL DEFAULT '';
