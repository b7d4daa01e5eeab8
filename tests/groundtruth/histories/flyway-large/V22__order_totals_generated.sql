ALTER TABLE sales.order_item
    ADD COLUMN line_total NUMERIC(18, 4) GENERATED ALWAYS AS (quantity * unit_price) STORED;

ALTER TABLE sales.orders DROP CONSTRAINT fk_orders_customer;
ALTER TABLE sales.orders
    ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id)
    REFERENCES sales.customer (id) ON DELETE SET NULL NOT VALID;
ALTER TABLE sales.orders ALTER COLUMN customer_id DROP NOT NULL;
ALTER TABLE sales.orders VALIDATE CONSTRAINT fk_orders_customer;
