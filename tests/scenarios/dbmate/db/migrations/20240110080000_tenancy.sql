-- migrate:up
CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  deleted_at timestamptz
);

CREATE TABLE workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  name text NOT NULL,
  deleted_at timestamptz
);
CREATE INDEX workspaces_organization_id_idx ON workspaces (organization_id);

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
CREATE POLICY organizations_isolation ON organizations
  USING (id = current_setting('app.organization_id', true)::uuid);
CREATE POLICY workspaces_isolation ON workspaces
  USING (organization_id = current_setting('app.organization_id', true)::uuid);

-- migrate:down
DELETE FROM workspaces;
DROP TABLE workspaces;
DROP TABLE organizations;
