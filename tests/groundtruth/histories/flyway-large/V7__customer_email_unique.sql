-- Build the index first, then attach it: the constraint takes the index's place and name.
CREATE UNIQUE INDEX ux_customer_email ON sales.customer (email);
ALTER TABLE sales.customer
    ADD CONSTRAINT uq_customer_email UNIQUE USING INDEX ux_customer_email;
