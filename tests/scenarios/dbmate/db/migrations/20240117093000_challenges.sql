-- migrate:up
CREATE TABLE challenges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  title text NOT NULL,
  deleted_at timestamptz
);
ALTER TABLE challenges ENABLE ROW LEVEL SECURITY;
CREATE POLICY challenges_isolation ON challenges
  USING (workspace_id IN (
    SELECT id FROM workspaces
    WHERE organization_id = current_setting('app.organization_id', true)::uuid
  ));

CREATE TABLE challenge_prizes (
  challenge_id uuid NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  rank integer NOT NULL,
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  deleted_at timestamptz,
  PRIMARY KEY (challenge_id, rank)
);
CREATE INDEX challenge_prizes_workspace_id_idx ON challenge_prizes (workspace_id);

-- migrate:down
DROP TABLE challenge_prizes;
DROP TABLE challenges;
