-- Custom: rename the tag table
RENAME TABLE `Tag` TO `Label`;

-- AlterTable
ALTER TABLE `Label` ALTER COLUMN `label` SET DEFAULT 'untitled';
