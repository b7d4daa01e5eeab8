-- CreateIndex
CREATE INDEX `Project_ownerId_createdAt_idx` ON `Project`(`ownerId`, `title`);
