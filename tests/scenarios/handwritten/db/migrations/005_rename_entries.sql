-- 005: "entries" becomes "submissions", as the product calls them.
BEGIN;
ALTER TABLE entries RENAME TO submissions;
ALTER INDEX entries_challenge_id_idx RENAME TO submissions_challenge_id_idx;
ALTER TABLE submissions RENAME COLUMN body TO content;
ALTER POLICY entries_tenant ON submissions RENAME TO submissions_tenant;
COMMIT;
