-- Comment moderation: a moderator is assigned to each reported comment and hides it.

ALTER TABLE public.submission_comments ADD COLUMN hidden_at timestamptz;
ALTER TABLE public.submission_comments ADD COLUMN assigned_moderator_id uuid;

CREATE POLICY "Moderators can hide comments" ON public.submission_comments
  FOR UPDATE TO authenticated
  USING (
    assigned_moderator_id = (select auth.uid())
    OR (select auth.jwt() -> 'user_metadata' ->> 'role') = 'moderator'
  )
  WITH CHECK (true);
