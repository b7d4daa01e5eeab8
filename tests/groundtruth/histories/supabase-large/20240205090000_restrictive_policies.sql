create policy "Archived projects are read-only" on public.projects
  as restrictive
  for update
  to authenticated
  using (archived_at is null);

drop policy "Members can manage tasks" on public.tasks;

create policy "Members can insert tasks" on public.tasks
  for insert to authenticated
  with check (
    created_by = (select auth.uid())
    and exists (
      select 1 from public.projects p
      where p.id = project_id and private.is_org_member(p.org_id)
    )
  );

create policy "Members can update tasks" on public.tasks
  for update to authenticated
  using (
    exists (
      select 1 from public.projects p
      where p.id = project_id and private.is_org_member(p.org_id)
    )
  );

alter table public.profiles force row level security;
alter table public.projects no force row level security;
