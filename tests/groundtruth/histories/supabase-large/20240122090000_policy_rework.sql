alter policy "Members can view projects" on public.projects rename to "projects_select_members";

alter policy "projects_select_members" on public.projects
  to authenticated
  using (private.is_org_member(org_id) and archived_at is null);

drop policy "Admins can update projects" on public.projects;

create policy "projects_update_admins" on public.projects
  as permissive
  for update
  to authenticated
  using (private.has_org_role(org_id, 'admin'))
  with check (private.has_org_role(org_id, 'admin'));

drop policy if exists "Public profiles are viewable by everyone." on public.profiles;

create policy "Profiles are viewable by signed-in users"
  on public.profiles for select
  to authenticated
  using (true);
