-- V10 runs after V2.1: Flyway compares versions as numbers, not as text.
CREATE TABLE submissions (
    id               BIGSERIAL PRIMARY KEY,
    organization_id  BIGINT NOT NULL REFERENCES organizations (id),
    challenge_id     BIGINT NOT NULL REFERENCES challenges (id),
    author_email     VARCHAR(320) NOT NULL,
    score            NUMERIC(6, 2),
    submitted_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    deleted_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX idx_submissions_challenge ON submissions (challenge_id);
CREATE INDEX idx_submissions_organization ON submissions (organization_id);

-- The cache is rebuilt from scratch; the old rows are worthless.
TRUNCATE TABLE challenge_stats_cache;

-- Scores were computed with the wrong weights: start over.
TRUNCATE TABLE submissions, challenge_stats_cache;
