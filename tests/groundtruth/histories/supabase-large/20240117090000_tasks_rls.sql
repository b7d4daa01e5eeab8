alter table public.tasks enable row level security;

create policy "Members can view tasks"
  on public.tasks for select
  to authenticated
  using (
    exists (
      select 1 from public.projects p
      where p.id = project_id and private.is_org_member(p.org_id)
    )
  );

create policy "Members can manage tasks"
  on public.tasks for all
  to authenticated
  using (
    exists (
      select 1 from public.projects p
      where p.id = project_id and private.is_org_member(p.org_id)
    )
  )
  with check (created_by = (select auth.uid()));
