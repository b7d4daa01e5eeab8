CREATE SCHEMA IF NOT EXISTS app;
SET search_path TO app;

CREATE TABLE organizations (
    id         uuid PRIMARY KEY,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);

CREATE TABLE workspaces (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    name            text NOT NULL,
    deleted_at      timestamptz,
    -- Leads with organization_id: also the index of the foreign key.
    CONSTRAINT workspaces_organization_name_key UNIQUE (organization_id, name)
);
