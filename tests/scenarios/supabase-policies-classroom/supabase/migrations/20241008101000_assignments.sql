create table public.assignments (
  id uuid primary key default gen_random_uuid(),
  class_id uuid not null references public.classes (id) on delete cascade,
  school_id uuid not null references public.schools (id) on delete cascade,
  title text not null,
  due_at timestamptz,
  published boolean not null default false,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index assignments_class_id_idx on public.assignments (class_id);
create index assignments_school_id_idx on public.assignments (school_id);

alter table public.assignments enable row level security;

create policy "Class members read assignments" on public.assignments
  for select to authenticated
  using (
    published
    and class_id in (select e.class_id from public.enrollments e where e.student_id = (select auth.uid()))
  );

create policy "Teachers write assignments" on public.assignments
  for all to authenticated
  using (class_id in (select c.id from public.classes c where c.teacher_id = auth.uid()));
