ALTER TABLE sales.order_item
    ALTER COLUMN unit_price TYPE NUMERIC(14, 4) USING unit_price::NUMERIC(14, 4);
ALTER TABLE inventory.product
    ALTER COLUMN price TYPE NUMERIC(14, 4),
    ALTER COLUMN title TYPE TEXT;
