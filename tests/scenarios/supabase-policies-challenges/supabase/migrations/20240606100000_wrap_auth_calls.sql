-- Performance pass after the advisor's warnings: wrap auth.uid() so it runs once per query.
drop policy "Users read their memberships" on public.workspace_users;
create policy "Users read their memberships" on public.workspace_users
  for select to authenticated
  using (user_id = (select auth.uid()));

drop policy workspace_member_select on public.challenges;
create policy workspace_member_select on public.challenges
  for select to authenticated
  using (workspace_id in (select private.user_workspace_ids()));
