ALTER TABLE challenges ADD COLUMN slug VARCHAR(80);

UPDATE challenges
SET slug = lower(regexp_replace(title, '[^a-zA-Z0-9]+', '-', 'g'))
WHERE slug IS NULL;

ALTER TABLE challenges ALTER COLUMN slug SET NOT NULL;
ALTER TABLE challenges ADD CONSTRAINT uq_challenges_workspace_slug UNIQUE (workspace_id, slug);
