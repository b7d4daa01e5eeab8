SET search_path = inventory;

CREATE TABLE warehouse (
    id      SMALLINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code    VARCHAR(8) NOT NULL UNIQUE,
    name    TEXT NOT NULL
);

ALTER TABLE product ADD COLUMN warehouse_id SMALLINT REFERENCES warehouse;
CREATE INDEX ix_product_warehouse ON product (warehouse_id);

SET search_path = public;
