create table public.tasks (
  id bigint generated always as identity primary key,
  project_id uuid not null references public.projects (id) on delete cascade,
  title text not null,
  status text not null default 'todo',
  priority smallint not null default 3,
  assignee_id uuid references public.profiles (id) on delete set null,
  due_on date,
  position double precision not null default 0,
  created_by uuid not null default auth.uid() references public.profiles (id),
  created_at timestamptz not null default now()
);

create index tasks_project_id_position_idx on public.tasks (project_id, position);
