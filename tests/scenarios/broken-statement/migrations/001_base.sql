CREATE TABLE organizations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    deleted_at timestamptz
);
CREATE TABLE challenges (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    title text NOT NULL,
    deleted_at timestamptz
);
CREATE INDEX challenges_organization_id_idx ON challenges (organization_id);
CREATE TABLE submissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    challenge_id uuid NOT NULL REFERENCES challenges (id),
    body text,
    deleted_at timestamptz
);
CREATE INDEX submissions_organization_id_idx ON submissions (organization_id);

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE challenges ENABLE ROW LEVEL SECURITY;
ALTER TABLE submissions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON organizations USING (id = current_setting('app.org')::uuid);
CREATE POLICY tenant ON challenges USING (organization_id = current_setting('app.org')::uuid);
CREATE POLICY tenant ON submissions USING (organization_id = current_setting('app.org')::uuid);
