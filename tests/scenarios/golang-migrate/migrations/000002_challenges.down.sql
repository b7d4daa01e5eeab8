SET search_path TO app;
TRUNCATE submissions;
DROP INDEX submissions_challenge_id_idx;
ALTER TABLE challenges ALTER COLUMN title SET NOT NULL;
DROP TABLE submissions;
DROP TABLE challenges;
