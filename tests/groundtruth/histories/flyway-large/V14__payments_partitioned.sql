CREATE TABLE sales.payment (
    id          BIGINT      NOT NULL,
    order_id    BIGINT      NOT NULL,
    amount      NUMERIC(12, 2) NOT NULL,
    paid_at     DATE        NOT NULL,
    CONSTRAINT pk_payment PRIMARY KEY (id, paid_at)
) PARTITION BY RANGE (paid_at);

CREATE TABLE sales.payment_2023 PARTITION OF sales.payment
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE sales.payment_2024 PARTITION OF sales.payment
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

CREATE INDEX ix_payment_order ON sales.payment (order_id);
