-- One statement below has a typo; everything around it must still be linted.
ALTER TABLE submissions ALTER COLUMN body SET NOT NULL;

CREATE INDEX CONCURENTLY submissions_challenge_id_idx ON submissions (challenge_id);

DELETE FROM submissions WHERE body = '';

CREATE TABLE submission_flags (
    submission_id uuid NOT NULL REFERENCES submissions (id),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    reason text NOT NULL,
    deleted_at timestamptz,
    PRIMARY KEY (submission_id, reason)
);
CREATE INDEX submission_flags_organization_id_idx ON submission_flags (organization_id);
