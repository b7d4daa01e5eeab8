-- 003: entries people submit to a challenge (renamed to submissions in 005).
BEGIN;

CREATE TABLE entries (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    challenge_id     uuid NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    author_id        uuid NOT NULL,
    body             text NOT NULL,
    score            numeric(5, 2),
    submitted_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz
);
-- Brand-new table, still empty: a NOT NULL column without a default is fine here.
ALTER TABLE entries ADD COLUMN language text NOT NULL;

CREATE INDEX entries_challenge_id_idx ON entries (challenge_id);
CREATE INDEX entries_organization_id_idx ON entries (organization_id);

ALTER TABLE entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY entries_tenant ON entries
    USING (organization_id = current_setting('app.organization_id')::uuid);

COMMIT;
