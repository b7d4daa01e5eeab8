ALTER TABLE sales.orders
    ADD CONSTRAINT ck_orders_status
    CHECK (status IN ('NEW', 'PAID', 'SHIPPED', 'CANCELLED')) NOT VALID;
ALTER TABLE sales.orders VALIDATE CONSTRAINT ck_orders_status;

ALTER TABLE sales.orders ALTER COLUMN total SET NOT NULL;
ALTER TABLE sales.orders ALTER COLUMN total SET DEFAULT 0;
