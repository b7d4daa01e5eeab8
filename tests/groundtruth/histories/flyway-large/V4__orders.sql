SET search_path TO sales, inventory, public;

CREATE TABLE orders (
    id           BIGSERIAL   NOT NULL,
    customer_id  BIGINT      NOT NULL,
    status       VARCHAR(20) NOT NULL DEFAULT 'NEW',
    total        NUMERIC(12, 2),
    currency     CHAR(3)     NOT NULL,
    placed_at    TIMESTAMP,
    CONSTRAINT pk_orders PRIMARY KEY (id),
    CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customer (id),
    CONSTRAINT fk_orders_currency FOREIGN KEY (currency) REFERENCES currency (code)
);

CREATE TABLE order_line (
    order_id    BIGINT       NOT NULL,
    line_no     INTEGER      NOT NULL,
    product_id  INTEGER      NOT NULL,
    quantity    INTEGER      NOT NULL,
    unit_price  NUMERIC(10, 2) NOT NULL,
    CONSTRAINT pk_order_line PRIMARY KEY (order_id, line_no),
    CONSTRAINT fk_order_line_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
    CONSTRAINT fk_order_line_product FOREIGN KEY (product_id) REFERENCES product (id),
    CONSTRAINT ck_order_line_quantity CHECK (quantity > 0)
);

CREATE INDEX ix_orders_customer ON orders (customer_id);
CREATE INDEX ix_order_line_product ON order_line (product_id);
