-- Projects in a workspace; their tasks and comments inherit the workspace through them.

CREATE TABLE public.projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  slug text NOT NULL,
  title text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);

CREATE UNIQUE INDEX projects_workspace_id_slug_key
  ON public.projects (workspace_id, slug) WHERE deleted_at IS NULL;

CREATE TABLE public.tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES public.projects (id),
  title text NOT NULL,
  done boolean NOT NULL DEFAULT false
);

CREATE INDEX tasks_project_id_idx ON public.tasks (project_id);

CREATE TABLE public.task_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_id uuid REFERENCES public.tasks (id),
  body text NOT NULL
);

CREATE INDEX task_comments_task_id_idx ON public.task_comments (task_id);

CREATE TABLE public.tags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  name text NOT NULL,
  deleted_at timestamptz,
  CONSTRAINT tags_name_key UNIQUE (name)
);

CREATE INDEX tags_workspace_id_idx ON public.tags (workspace_id);

CREATE TABLE public.project_tags (
  project_id uuid NOT NULL REFERENCES public.projects (id),
  tag_id uuid NOT NULL REFERENCES public.tags (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, tag_id)
);

CREATE INDEX project_tags_tag_id_idx ON public.project_tags (tag_id);

CREATE TRIGGER projects_audit
  AFTER INSERT OR UPDATE OR DELETE ON public.projects
  FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE TRIGGER tags_audit
  AFTER INSERT OR UPDATE OR DELETE ON public.tags
  FOR EACH ROW EXECUTE FUNCTION audit.log_change();

ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.task_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.tags ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.project_tags ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Members see projects" ON public.projects
  FOR SELECT TO authenticated
  USING (workspace_id IN (SELECT private.accessible_workspace_ids()));

CREATE POLICY "Members see tasks" ON public.tasks
  FOR SELECT TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.projects p
    WHERE p.id = tasks.project_id
      AND p.workspace_id IN (SELECT private.accessible_workspace_ids())
  ));

CREATE POLICY "Members see comments" ON public.task_comments
  FOR SELECT TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.tasks t JOIN public.projects p ON p.id = t.project_id
    WHERE t.id = task_comments.task_id
      AND p.workspace_id IN (SELECT private.accessible_workspace_ids())
  ));

CREATE POLICY "Members see tags" ON public.tags
  FOR SELECT TO authenticated
  USING (workspace_id IN (SELECT private.accessible_workspace_ids()));

CREATE POLICY "Members see project tags" ON public.project_tags
  FOR SELECT TO authenticated
  USING (EXISTS (
    SELECT 1 FROM public.projects p
    WHERE p.id = project_tags.project_id
      AND p.workspace_id IN (SELECT private.accessible_workspace_ids())
  ));
