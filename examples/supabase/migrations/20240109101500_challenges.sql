-- Challenges published by a workspace.

CREATE TABLE public.challenges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  organization_id uuid NOT NULL REFERENCES public.organizations (id),
  title varchar(255) NOT NULL,
  description text,
  status public.challenge_status NOT NULL DEFAULT 'draft',
  opens_at timestamptz,
  closes_at timestamptz,
  created_by uuid REFERENCES auth.users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CONSTRAINT challenges_window_check CHECK (closes_at > opens_at)
);

CREATE INDEX challenges_workspace_id_idx ON public.challenges (workspace_id);
CREATE INDEX challenges_organization_id_idx ON public.challenges (organization_id);
CREATE INDEX challenges_created_by_idx ON public.challenges (created_by);
CREATE INDEX challenges_listing_idx ON public.challenges (workspace_id, status, created_at DESC)
  WHERE deleted_at IS NULL;

CREATE TRIGGER challenges_set_updated_at
  BEFORE UPDATE ON public.challenges
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

ALTER TABLE public.challenges ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Members can view challenges" ON public.challenges
  FOR SELECT TO authenticated
  USING (deleted_at IS NULL AND public.is_workspace_member(workspace_id));

CREATE POLICY "Admins manage challenges" ON public.challenges
  FOR ALL TO authenticated
  USING (
    EXISTS (
      SELECT 1
      FROM public.workspace_members wm
      WHERE wm.workspace_id = challenges.workspace_id
        AND wm.user_id = (select auth.uid())
        AND wm.role IN ('owner', 'admin')
        AND wm.deleted_at IS NULL
    )
  )
  WITH CHECK (
    EXISTS (
      SELECT 1
      FROM public.workspace_members wm
      WHERE wm.workspace_id = challenges.workspace_id
        AND wm.user_id = (select auth.uid())
        AND wm.role IN ('owner', 'admin')
        AND wm.deleted_at IS NULL
    )
  );

-- Open challenges are listed on the app's "Explore" page.
CREATE POLICY "Signed-in users can browse open challenges" ON public.challenges
  FOR SELECT TO authenticated
  USING (status = 'open' AND deleted_at IS NULL);
