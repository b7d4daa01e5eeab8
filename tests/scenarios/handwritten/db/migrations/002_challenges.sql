-- 002: challenges, published by a workspace.
SET lock_timeout = '5s';

BEGIN;

CREATE TYPE challenge_status AS ENUM ('draft', 'open', 'judging', 'closed');

CREATE TABLE challenges (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    workspace_id     uuid NOT NULL REFERENCES workspaces (id),
    title            varchar(255) NOT NULL,
    description      text,
    status           challenge_status NOT NULL DEFAULT 'draft',
    opens_at         timestamptz,
    closes_at        timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz,
    CONSTRAINT challenges_window_check CHECK (closes_at IS NULL OR closes_at > opens_at)
);

-- organization_id gets its index in 004, once we know the query shape.
CREATE INDEX challenges_workspace_id_idx ON challenges (workspace_id);
CREATE INDEX challenges_open_idx ON challenges (closes_at) WHERE status = 'open';

CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER challenges_touch BEFORE UPDATE ON challenges
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

ALTER TABLE challenges ENABLE ROW LEVEL SECURITY;
CREATE POLICY challenges_tenant ON challenges
    USING (organization_id = current_setting('app.organization_id')::uuid);

COMMENT ON TABLE challenges IS 'A challenge a workspace runs; soft-deleted through deleted_at.';

COMMIT;
