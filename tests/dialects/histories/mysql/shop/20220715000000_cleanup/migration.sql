-- AlterTable
ALTER TABLE `Order` MODIFY `total` DECIMAL(12, 2) NULL;

-- DropIndex
DROP INDEX `OrderItem_orderId_idx` ON `OrderItem`;

-- AlterTable
ALTER TABLE `Customer` DROP COLUMN `updatedAt`;

-- Custom: purge test data
DELETE FROM `OrderItem` WHERE `sku` LIKE 'TEST-%';
