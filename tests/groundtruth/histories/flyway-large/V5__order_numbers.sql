CREATE SEQUENCE sales.order_number_seq START WITH 100000 INCREMENT BY 1 CACHE 20;

ALTER TABLE sales.orders
    ADD COLUMN order_number BIGINT NOT NULL DEFAULT nextval('sales.order_number_seq');

ALTER SEQUENCE sales.order_number_seq OWNED BY sales.orders.order_number;

CREATE UNIQUE INDEX ux_orders_order_number ON sales.orders (order_number);
