-- Helpers the policies call; security definer so they can read workspace_users under RLS.
create schema if not exists private;

create function private.user_workspace_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select wu.workspace_id
  from public.workspace_users wu
  where wu.user_id = (select auth.uid()) and wu.deleted_at is null
$$;

create function private.user_organization_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select distinct wu.organization_id
  from public.workspace_users wu
  where wu.user_id = (select auth.uid()) and wu.deleted_at is null
$$;
