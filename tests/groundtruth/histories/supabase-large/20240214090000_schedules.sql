create table public.schedules (
  id bigint generated always as identity primary key,
  project_id uuid not null references public.projects (id) on delete cascade,
  during tstzrange not null,
  label text,
  constraint schedules_no_overlap exclude using gist (project_id with =, during with &&)
);

alter table public.schedules enable row level security;

create policy "Members can view schedules" on public.schedules
  for select to authenticated
  using (exists (select 1 from public.projects p where p.id = project_id));

alter policy "Members can view schedules" on public.schedules
  rename to schedules_select_members;
