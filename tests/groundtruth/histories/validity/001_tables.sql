-- NOT VALID on constraints: what stays unvalidated in pg_constraint.convalidated.
CREATE TABLE customers (id bigint PRIMARY KEY, email text);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint,
  total numeric,
  -- PostgreSQL validates a new table's constraints at once: NOT VALID is dropped here.
  CONSTRAINT orders_id_positive CHECK (id > 0) NOT VALID
);
