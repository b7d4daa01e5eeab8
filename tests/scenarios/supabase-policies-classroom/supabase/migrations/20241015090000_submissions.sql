create table public.homework (
  id uuid primary key default gen_random_uuid(),
  assignment_id uuid not null references public.assignments (id) on delete cascade,
  school_id uuid not null references public.schools (id) on delete cascade,
  student uuid not null references auth.users (id),
  content text,
  submitted_at timestamptz,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index homework_assignment_id_idx on public.homework (assignment_id);
create index homework_school_id_idx on public.homework (school_id);
create index homework_student_idx on public.homework (student);

alter table public.homework enable row level security;

create policy homework_own on public.homework
  for all to authenticated
  using (student = auth.uid())
  with check (student = auth.uid());
