ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
-- Validating a valid constraint is a no-op.
ALTER TABLE orders VALIDATE CONSTRAINT orders_id_positive;
ALTER TABLE customers RENAME CONSTRAINT customers_email_check TO customers_email_not_empty;
