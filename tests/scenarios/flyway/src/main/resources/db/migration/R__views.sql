-- Repeatable: re-applied whenever it changes, always after the versioned migrations.
CREATE OR REPLACE VIEW challenge_overview AS
SELECT c.id,
       c.workspace_id,
       c.slug,
       c.title,
       count(s.id) AS submission_count,
       max(s.score) AS best_score
FROM challenges c
LEFT JOIN submissions s ON s.challenge_id = c.id AND s.deleted_at IS NULL
WHERE c.deleted_at IS NULL
GROUP BY c.id, c.workspace_id, c.slug, c.title;
