create table public.classes (
  id uuid primary key default gen_random_uuid(),
  school_id uuid not null references public.schools (id) on delete cascade,
  teacher_id uuid not null references auth.users (id),
  name text not null,
  term text not null,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index classes_school_id_idx on public.classes (school_id);
create index classes_teacher_id_idx on public.classes (teacher_id);

alter table public.classes enable row level security;

create policy "Teachers manage their classes" on public.classes
  for all to authenticated
  using (teacher_id = (select auth.uid()))
  with check (teacher_id = (select auth.uid()));
