-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS challenges_workspace_id_idx ON challenges (workspace_id);

-- migrate:down
DROP INDEX CONCURRENTLY IF EXISTS challenges_workspace_id_idx;
