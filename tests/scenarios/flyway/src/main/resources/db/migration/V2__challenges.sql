CREATE TABLE challenges (
    id               BIGSERIAL PRIMARY KEY,
    organization_id  BIGINT NOT NULL REFERENCES organizations (id),
    workspace_id     BIGINT NOT NULL REFERENCES workspaces (id),
    title            VARCHAR(255) NOT NULL,
    starts_on        DATE,
    ends_on          DATE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    deleted_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT ck_challenges_dates CHECK (ends_on >= starts_on)
);
CREATE INDEX idx_challenges_workspace ON challenges (workspace_id, created_at DESC);

CREATE TABLE challenge_stats_cache (
    challenge_id      BIGINT PRIMARY KEY REFERENCES challenges (id) ON DELETE CASCADE,
    submission_count  INTEGER NOT NULL DEFAULT 0,
    refreshed_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);
