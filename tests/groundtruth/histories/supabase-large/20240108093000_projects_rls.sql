alter table public.projects enable row level security;
alter table public.projects force row level security;

create policy "Members can view projects"
  on public.projects for select
  to authenticated
  using (private.is_org_member(org_id));

create policy "Admins can create projects"
  on public.projects for insert
  to authenticated
  with check (private.has_org_role(org_id, 'admin'));

create policy "Admins can update projects"
  on public.projects for update
  to authenticated
  using (private.has_org_role(org_id, 'admin'));

create policy "Owners can delete projects"
  on public.projects for delete
  to authenticated
  using (private.has_org_role(org_id, 'owner'));
