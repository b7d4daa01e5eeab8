-- migrate:up
ALTER TABLE challenge_prizes ADD COLUMN currency char(3);
UPDATE challenge_prizes SET currency = 'EUR' WHERE currency IS NULL;
ALTER TABLE challenge_prizes ALTER COLUMN currency SET NOT NULL;

ALTER TABLE challenge_prizes ADD COLUMN sponsor text NOT NULL DEFAULT 'self';

-- migrate:down
ALTER TABLE challenge_prizes DROP COLUMN sponsor;
ALTER TABLE challenge_prizes DROP COLUMN currency;
TRUNCATE challenge_prizes;
