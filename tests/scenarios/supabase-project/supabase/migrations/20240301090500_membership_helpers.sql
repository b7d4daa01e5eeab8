-- Helpers live in the private schema, which the API does not expose.
create or replace function private.is_workspace_member(target_workspace uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.workspace_members m
    where m.workspace_id = target_workspace
      and m.user_id = (select auth.uid())
      and m.deleted_at is null
  );
$$;

create or replace function private.organization_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select w.organization_id
  from public.workspaces w
  join public.workspace_members m on m.workspace_id = w.id
  where m.user_id = (select auth.uid()) and m.deleted_at is null;
$$;

create or replace function private.handle_new_workspace()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.workspace_members (workspace_id, user_id, role)
  values (new.id, (select auth.uid()), 'owner');
  return new;
end;
$$;

create trigger on_workspace_created
  after insert on public.workspaces
  for each row execute function private.handle_new_workspace();

create policy "Members see their organizations" on public.organizations
  for select to authenticated
  using (id in (select private.organization_ids()));

create policy "Members see their workspaces" on public.workspaces
  for select to authenticated
  using ((select private.is_workspace_member(id)));

create policy "Admins rename workspaces" on public.workspaces
  for update to authenticated
  using ((select private.is_workspace_member(id)))
  with check ((select private.is_workspace_member(id)));

create policy "Members see co-members" on public.workspace_members
  for select to authenticated
  using ((select private.is_workspace_member(workspace_id)));

create policy "Users see their own memberships" on public.workspace_members
  for select to authenticated
  using (user_id = auth.uid());
