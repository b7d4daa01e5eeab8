-- AlterTable
ALTER TABLE `User` CHANGE COLUMN `lastSeenAt` `last_seen_at` DATETIME(3) NULL;

-- RenameIndex
ALTER TABLE `User` RENAME INDEX `User_email_key` TO `User_email_unique`;

-- CreateIndex
CREATE INDEX `Project_ownerId_idx` ON `Project`(`ownerId`);

-- DropIndex
DROP INDEX `Project_ownerId_createdAt_idx` ON `Project`;
