ALTER TABLE accounts ADD COLUMN IF NOT EXISTS organization_id integer;
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS email text;

CREATE UNIQUE INDEX CONCURRENTLY accounts_org_email_tmp ON accounts (organization_id, email);
ALTER TABLE accounts ADD CONSTRAINT accounts_org_email_key UNIQUE USING INDEX accounts_org_email_tmp;

ALTER TABLE invoices RENAME COLUMN account_id TO customer_id;
ALTER TABLE accounts RENAME TO customers;
ALTER TABLE invoices DROP COLUMN issued_on;
ALTER TABLE invoices ALTER COLUMN amount SET NOT NULL, ALTER COLUMN amount TYPE numeric(14, 2);
ALTER TABLE customers ALTER COLUMN plan DROP DEFAULT;
ALTER TABLE customers
  ALTER COLUMN created_at SET DEFAULT now(),
  ALTER COLUMN created_at SET NOT NULL;

CREATE SCHEMA billing;
ALTER TABLE invoices SET SCHEMA billing;
DROP INDEX IF EXISTS invoices_account_id_idx;
DROP INDEX billing.invoices_account_id_idx1;

CREATE TABLE audit_log (id int, note text);
DROP TABLE audit_log;
