-- 001: tenancy roots.
-- Organizations own workspaces; people join workspaces through workspace_members.
-- Row level security reads the tenant from the session: SET app.organization_id = '...'.

SET lock_timeout = '5s';
SET statement_timeout = '60s';

BEGIN;

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE IF NOT EXISTS organizations (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL,
    slug        text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);

CREATE TABLE IF NOT EXISTS workspaces (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name             varchar(120) NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz
);
CREATE INDEX IF NOT EXISTS workspaces_organization_id_idx ON workspaces (organization_id);

CREATE TABLE IF NOT EXISTS workspace_members (
    workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       uuid NOT NULL,
    role          text NOT NULL DEFAULT 'member'
                  CHECK (role IN ('owner', 'admin', 'member')),
    joined_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz,
    -- The primary key leads with workspace_id, so it also serves the foreign key.
    PRIMARY KEY (workspace_id, user_id)
);

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspace_members ENABLE ROW LEVEL SECURITY;

CREATE POLICY organizations_tenant ON organizations
    USING (id = current_setting('app.organization_id')::uuid);
CREATE POLICY workspaces_tenant ON workspaces
    USING (organization_id = current_setting('app.organization_id')::uuid);
CREATE POLICY workspace_members_tenant ON workspace_members
    USING (workspace_id IN (
        SELECT w.id FROM workspaces w
        WHERE w.organization_id = current_setting('app.organization_id')::uuid
    ));

COMMIT;
