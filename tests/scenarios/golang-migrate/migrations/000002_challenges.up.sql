SET search_path TO app;

CREATE TABLE challenges (
    id              uuid PRIMARY KEY,
    workspace_id    uuid NOT NULL REFERENCES workspaces (id),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    title           text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz
);
CREATE INDEX challenges_workspace_id_idx ON challenges (workspace_id);
CREATE INDEX challenges_organization_id_created_at_idx ON challenges (organization_id, created_at);

CREATE TABLE submissions (
    id              uuid PRIMARY KEY,
    challenge_id    uuid NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    workspace_id    uuid NOT NULL REFERENCES workspaces (id),
    payload         jsonb NOT NULL,
    deleted_at      timestamptz
);
-- Covers both foreign keys: (workspace_id) leads, and challenge_id has its own.
CREATE INDEX submissions_workspace_id_challenge_id_idx ON submissions (workspace_id, challenge_id);
CREATE INDEX submissions_challenge_id_idx ON submissions (challenge_id);
