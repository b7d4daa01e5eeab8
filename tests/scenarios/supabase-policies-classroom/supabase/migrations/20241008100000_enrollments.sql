create table public.enrollments (
  class_id uuid not null references public.classes (id) on delete cascade,
  student_id uuid not null references auth.users (id) on delete cascade,
  school_id uuid not null references public.schools (id) on delete cascade,
  enrolled_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (class_id, student_id)
);
create index enrollments_student_id_idx on public.enrollments (student_id);
create index enrollments_school_id_idx on public.enrollments (school_id);

alter table public.enrollments enable row level security;

create policy "Students see their enrollments" on public.enrollments
  for select to authenticated
  using (student_id = (select auth.uid()));

create policy "Teachers see their classes' enrollments" on public.enrollments
  for select to authenticated
  using (class_id in (select c.id from public.classes c where c.teacher_id = (select auth.uid())));

create policy "Students read their classes" on public.classes
  for select to authenticated
  using (id in (select e.class_id from public.enrollments e where e.student_id = (select auth.uid())));
