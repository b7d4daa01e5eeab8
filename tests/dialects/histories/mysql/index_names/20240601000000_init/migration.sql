-- Index names are per table in MySQL: both tables keep an index called `email`.
CREATE TABLE `Org` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `email` VARCHAR(191) NOT NULL,
    `name` VARCHAR(191) NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `Member` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `email` VARCHAR(191) NOT NULL,
    `orgId` INTEGER NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A table may share its name with an index: they are not in one namespace.
CREATE TABLE `email` (
    `id` INTEGER NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE INDEX `email` ON `Org`(`email`);
CREATE INDEX `email` ON `Member`(`email`);
CREATE UNIQUE INDEX `Member_email_key` ON `Member`(`email`);
CREATE INDEX `email` ON `email`(`id`);
