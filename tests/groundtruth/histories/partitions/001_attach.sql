-- Attaching a partition copies the parent's keys and indexes it lacks. A foreign key of
-- the partition counts as the copy only with the parent's delete action too.
CREATE TABLE accounts (id int PRIMARY KEY);

CREATE TABLE ledger (
  id int NOT NULL,
  account_id int REFERENCES accounts ON DELETE CASCADE,
  booked_on date NOT NULL
) PARTITION BY RANGE (booked_on);
CREATE INDEX ledger_account_idx ON ledger (account_id) INCLUDE (id);

-- Another delete action: PostgreSQL adds the parent's key beside this one.
CREATE TABLE ledger_2024 (
  id int NOT NULL,
  account_id int REFERENCES accounts,
  booked_on date NOT NULL
);
ALTER TABLE ledger ATTACH PARTITION ledger_2024
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

-- The same key and the same index: PostgreSQL takes them as the parent's copies.
CREATE TABLE ledger_2025 (
  id int NOT NULL,
  account_id int REFERENCES accounts ON DELETE CASCADE,
  booked_on date NOT NULL
);
CREATE INDEX ledger_2025_account_idx ON ledger_2025 (account_id) INCLUDE (id);
ALTER TABLE ledger ATTACH PARTITION ledger_2025
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
