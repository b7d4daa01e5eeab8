-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY challenges_open_idx ON challenges (workspace_id) WHERE archived_at IS NULL;

-- +goose Down
DROP INDEX CONCURRENTLY challenges_open_idx;
