-- Classroom app: schools (the tenant), classes, teachers and students.
create table public.schools (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);

create table public.school_staff (
  id uuid primary key default gen_random_uuid(),
  school_id uuid not null references public.schools (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  is_admin boolean not null default false,
  deleted_at timestamptz,
  unique (school_id, user_id)
);
create index school_staff_user_id_idx on public.school_staff (user_id);

alter table public.schools enable row level security;
alter table public.school_staff enable row level security;

create policy "Staff read their school" on public.schools
  for select to authenticated
  using (id in (select s.school_id from public.school_staff s where s.user_id = (select auth.uid())));

create policy "Staff read colleagues" on public.school_staff
  for select to authenticated
  using (school_id in (select s.school_id from public.school_staff s where s.user_id = (select auth.uid())));
