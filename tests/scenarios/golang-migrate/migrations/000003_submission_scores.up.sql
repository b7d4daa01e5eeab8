SET search_path TO app;

ALTER TABLE submissions ADD COLUMN score integer;
ALTER TABLE submissions ADD COLUMN reviewed_by uuid;
ALTER TABLE submissions ADD CONSTRAINT submissions_reviewed_by_fkey
    FOREIGN KEY (reviewed_by) REFERENCES organizations (id);
ALTER TABLE submissions ALTER COLUMN score SET NOT NULL;

DROP INDEX challenges_workspace_id_idx;
