BEGIN;
SET statement_timeout = '5s';
SET lock_timeout = '1s';

CREATE TABLE IF NOT EXISTS accounts (
  id serial PRIMARY KEY,
  email varchar(320) NOT NULL UNIQUE,
  plan char(1) DEFAULT 'f',
  balance numeric(12, 2) NOT NULL DEFAULT 0 CHECK (balance >= 0),
  tags text[],
  created_at timestamp(0) without time zone DEFAULT now()
);

CREATE TABLE IF NOT EXISTS accounts (id int);

CREATE TABLE invoices (
  id bigserial,
  account_id integer NOT NULL,
  amount numeric(12, 2),
  issued_on date,
  PRIMARY KEY (id),
  FOREIGN KEY (account_id) REFERENCES accounts ON DELETE CASCADE,
  CHECK (amount > 0),
  CHECK (issued_on > '2000-01-01' AND amount < 1000000)
);

CREATE INDEX ON invoices (account_id);
CREATE INDEX ON invoices (account_id);
CREATE INDEX IF NOT EXISTS invoices_account_id_idx ON invoices (issued_on);
CREATE INDEX ON invoices (issued_on, amount);
COMMIT;
