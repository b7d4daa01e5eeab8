-- Later changes: each of these undoes some isolation the first migrations had.

ALTER TABLE public.projects ALTER COLUMN workspace_id DROP NOT NULL;

DROP INDEX public.projects_workspace_id_slug_key;
CREATE UNIQUE INDEX projects_slug_key ON public.projects (slug) WHERE deleted_at IS NULL;
CREATE INDEX projects_workspace_id_idx ON public.projects (workspace_id);

DROP POLICY "Members see projects" ON public.projects;
CREATE POLICY "Members see projects" ON public.projects
  FOR SELECT TO authenticated
  USING (deleted_at IS NULL);

DROP TRIGGER workspace_members_audit ON public.workspace_members;

ALTER TABLE public.tags RENAME TO labels;
