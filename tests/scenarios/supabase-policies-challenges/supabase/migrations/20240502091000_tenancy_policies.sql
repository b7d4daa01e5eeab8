create policy "Members read their organizations" on public.organizations
  for select to authenticated
  using (id in (select private.user_organization_ids()));

create policy "Members read their workspaces" on public.workspaces
  for select to authenticated
  using (id in (select private.user_workspace_ids()));

-- Written before the team adopted (select auth.uid()).
create policy "Users read their memberships" on public.workspace_users
  for select to authenticated
  using (user_id = auth.uid());

create policy "Members read co-members" on public.workspace_users
  for select to authenticated
  using (workspace_id in (select private.user_workspace_ids()));
