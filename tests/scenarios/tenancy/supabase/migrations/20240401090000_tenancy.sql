-- Tenants, memberships, the audit log and the helpers policies call.

CREATE SCHEMA audit;
CREATE SCHEMA private;

CREATE TABLE audit.changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name text NOT NULL,
  operation text NOT NULL,
  row_data jsonb,
  changed_by uuid,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION audit.log_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  INSERT INTO audit.changes (table_name, operation, row_data, changed_by)
  VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(coalesce(NEW, OLD)), auth.uid());
  RETURN coalesce(NEW, OLD);
END;
$$;

CREATE TABLE public.organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);

CREATE TABLE public.workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES public.organizations (id),
  slug text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);

CREATE UNIQUE INDEX workspaces_organization_id_slug_key
  ON public.workspaces (organization_id, slug) WHERE deleted_at IS NULL;
CREATE INDEX workspaces_organization_id_idx ON public.workspaces (organization_id);

CREATE TABLE public.workspace_members (
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id),
  user_id uuid NOT NULL REFERENCES auth.users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  PRIMARY KEY (workspace_id, user_id)
);

CREATE INDEX workspace_members_user_id_idx ON public.workspace_members (user_id);

CREATE FUNCTION private.accessible_workspace_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$
  SELECT workspace_id FROM public.workspace_members
  WHERE user_id = auth.uid() AND deleted_at IS NULL
$$;

CREATE TRIGGER workspaces_audit
  AFTER INSERT OR UPDATE OR DELETE ON public.workspaces
  FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE TRIGGER workspace_members_audit
  AFTER INSERT OR UPDATE OR DELETE ON public.workspace_members
  FOR EACH ROW EXECUTE FUNCTION audit.log_change();

ALTER TABLE public.organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workspaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workspace_members ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Members see their organizations" ON public.organizations
  FOR SELECT TO authenticated
  USING (id IN (
    SELECT w.organization_id FROM public.workspaces w
    WHERE w.id IN (SELECT private.accessible_workspace_ids())
  ));

CREATE POLICY "Members see their workspaces" ON public.workspaces
  FOR SELECT TO authenticated
  USING (id IN (SELECT private.accessible_workspace_ids()));

CREATE POLICY "Members see fellow members" ON public.workspace_members
  FOR SELECT TO authenticated
  USING (workspace_id IN (SELECT private.accessible_workspace_ids()));

CREATE POLICY "Users leave workspaces" ON public.workspace_members
  FOR DELETE TO authenticated
  USING (user_id = (SELECT auth.uid()));
