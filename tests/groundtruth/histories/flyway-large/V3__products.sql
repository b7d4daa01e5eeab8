CREATE TABLE inventory.product (
    id          SERIAL       PRIMARY KEY,
    sku         VARCHAR(40)  NOT NULL,
    title       VARCHAR(200) NOT NULL,
    price       NUMERIC(10, 2) NOT NULL CHECK (price >= 0),
    currency    CHAR(3)      NOT NULL REFERENCES sales.currency (code),
    active      BOOLEAN      NOT NULL DEFAULT TRUE
);

CREATE UNIQUE INDEX ux_product_sku ON inventory.product (sku);
CREATE INDEX ix_product_title ON inventory.product (title);
