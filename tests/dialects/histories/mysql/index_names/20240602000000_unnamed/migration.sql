-- Unnamed indexes take their first column's name, then _2, _3 (compared case-insensitively).
CREATE INDEX `NAME` ON `Org`(`id`);
ALTER TABLE `Org` ADD INDEX (`name`), ADD INDEX (`name`, `email`), ADD UNIQUE (`name`, `id`);
ALTER TABLE `Org` ADD INDEX (`email`);

-- Dropping and renaming act on the named table's index only.
DROP INDEX `email` ON `Org`;
ALTER TABLE `Member` RENAME INDEX `email` TO `Member_email_idx`;

-- InnoDB's index for an unnamed key is `orgId`; an index that replaces it takes the name.
ALTER TABLE `Member` ADD FOREIGN KEY (`orgId`) REFERENCES `Org`(`id`);
ALTER TABLE `Member` ADD INDEX (`orgId`, `email`);
