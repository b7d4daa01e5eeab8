ALTER TABLE sales.customer DROP COLUMN IF EXISTS phone;
ALTER TABLE sales.customer_address DROP CONSTRAINT fk_customer_address_customer;
ALTER TABLE sales.customer_address
    ADD CONSTRAINT fk_customer_address_customer FOREIGN KEY (customer_id)
    REFERENCES sales.customer (id) ON DELETE RESTRICT;
CREATE INDEX ix_customer_address_customer ON sales.customer_address (customer_id);
