-- Review comments on a submission.

CREATE TABLE public.submission_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  submission_id uuid NOT NULL REFERENCES public.submissions (id),
  author_id uuid NOT NULL REFERENCES auth.users (id),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);

CREATE INDEX submission_comments_submission_id_idx ON public.submission_comments (submission_id);
CREATE INDEX submission_comments_author_id_idx ON public.submission_comments (author_id);

CREATE TRIGGER submission_comments_set_updated_at
  BEFORE UPDATE ON public.submission_comments
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

ALTER TABLE public.submission_comments ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Members can read comments" ON public.submission_comments
  FOR SELECT TO authenticated
  USING (
    deleted_at IS NULL
    AND EXISTS (
      SELECT 1
      FROM public.submissions s
      WHERE s.id = submission_comments.submission_id
        AND public.is_workspace_member(s.workspace_id)
    )
  );

CREATE POLICY "Members can comment" ON public.submission_comments
  FOR INSERT TO authenticated
  WITH CHECK (
    author_id = (select auth.uid())
    AND EXISTS (
      SELECT 1
      FROM public.submissions s
      WHERE s.id = submission_comments.submission_id
        AND public.is_workspace_member(s.workspace_id)
    )
  );
