ALTER TABLE sales.customer RENAME COLUMN fname TO first_name;
ALTER TABLE sales.customer RENAME COLUMN lname TO last_name;
ALTER TABLE sales.customer RENAME created_on TO created_at;
