create table public.grades (
  id uuid primary key default gen_random_uuid(),
  homework_id uuid not null references public.homework (id) on delete cascade,
  school_id uuid not null references public.schools (id) on delete cascade,
  graded_by uuid not null references auth.users (id),
  student_id uuid not null,
  score numeric(5, 2) not null check (score between 0 and 100),
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index grades_homework_id_idx on public.grades (homework_id);
create index grades_school_id_idx on public.grades (school_id);
create index grades_graded_by_idx on public.grades (graded_by);

alter table public.grades enable row level security;

create policy "Students read their grades" on public.grades
  for select to authenticated
  using (student_id = (select auth.uid()));

create policy "Teachers grade" on public.grades
  for insert to authenticated
  with check (graded_by = (select auth.uid()));
