-- The single-column index is replaced by one that also serves "latest orders of a customer".
DROP INDEX sales.ix_orders_customer;
CREATE INDEX ix_orders_customer_placed ON sales.orders (customer_id, placed_at DESC);

DROP INDEX IF EXISTS inventory.ix_product_title;
CREATE INDEX ix_product_title_lower ON inventory.product (lower(title));
CREATE INDEX ix_product_active ON inventory.product (sku) WHERE active;
