SET search_path TO inventory, public;

CREATE TABLE stock_movement (
    id          BIGSERIAL   PRIMARY KEY,
    product_id  INTEGER     NOT NULL REFERENCES product (id),
    quantity    INTEGER     NOT NULL,
    moved_at    TIMESTAMP   NOT NULL DEFAULT now()
);

CREATE TABLE stock_adjustment (
    reason      VARCHAR(200) NOT NULL
) INHERITS (stock_movement);

RESET search_path;
