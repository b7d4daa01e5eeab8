CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER,
  action TEXT NOT NULL,
  FOREIGN KEY (account_id) REFERENCES accounts (id)
);
