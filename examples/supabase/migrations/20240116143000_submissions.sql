-- Submissions to a challenge.

CREATE TABLE public.submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  challenge_id uuid NOT NULL REFERENCES public.challenges (id),
  submitted_by uuid NOT NULL REFERENCES auth.users (id),
  title text NOT NULL,
  content text,
  repository_url text,
  status public.submission_status NOT NULL DEFAULT 'draft',
  score numeric(5, 2),
  submitted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);

CREATE INDEX submissions_workspace_id_idx ON public.submissions (workspace_id);
CREATE INDEX submissions_submitted_by_idx ON public.submissions (submitted_by);
CREATE INDEX submissions_status_idx ON public.submissions (status) WHERE deleted_at IS NULL;

CREATE TRIGGER submissions_set_updated_at
  BEFORE UPDATE ON public.submissions
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

ALTER TABLE public.submissions ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Members can view submissions" ON public.submissions
  FOR SELECT TO authenticated
  USING (deleted_at IS NULL AND public.is_workspace_member(workspace_id));

CREATE POLICY "Members can submit" ON public.submissions
  FOR INSERT TO authenticated
  WITH CHECK (submitted_by = (select auth.uid()) AND public.is_workspace_member(workspace_id));

CREATE POLICY "Authors can edit their submissions" ON public.submissions
  FOR UPDATE TO authenticated
  USING (submitted_by = auth.uid())
  WITH CHECK (submitted_by = auth.uid());
