SET search_path TO app;
CREATE INDEX challenges_workspace_id_idx ON challenges (workspace_id);
ALTER TABLE submissions DROP CONSTRAINT submissions_reviewed_by_fkey;
ALTER TABLE submissions DROP COLUMN reviewed_by;
ALTER TABLE submissions DROP COLUMN score;
DELETE FROM submissions WHERE score IS NULL;
