-- Leaderboard, recomputed by a scheduled job after each judging round.

CREATE TABLE public.leaderboard_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  challenge_id uuid NOT NULL REFERENCES public.challenges (id),
  submission_id uuid NOT NULL REFERENCES public.submissions (id),
  rank integer NOT NULL CHECK (rank > 0),
  score numeric(5, 2) NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);

CREATE UNIQUE INDEX leaderboard_entries_challenge_id_submission_id_key
  ON public.leaderboard_entries (challenge_id, submission_id) WHERE deleted_at IS NULL;
CREATE INDEX leaderboard_entries_challenge_id_idx ON public.leaderboard_entries (challenge_id);
CREATE INDEX leaderboard_entries_workspace_id_idx ON public.leaderboard_entries (workspace_id);
CREATE INDEX leaderboard_entries_submission_id_idx ON public.leaderboard_entries (submission_id);

ALTER TABLE public.leaderboard_entries ENABLE ROW LEVEL SECURITY;
