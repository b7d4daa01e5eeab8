-- DropIndex
DROP INDEX "OrderItem_orderId_idx";

-- Custom: purge test data
DELETE FROM "OrderItem" WHERE "sku" LIKE 'TEST-%';
UPDATE "Order" SET "status" = 'PAID' WHERE "status" = 'PENDING';
