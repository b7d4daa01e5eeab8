create table public.announcements (
  id uuid primary key default gen_random_uuid(),
  school_id uuid not null references public.schools (id) on delete cascade,
  author_id uuid not null references auth.users (id),
  title text not null,
  body text not null,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index announcements_school_id_idx on public.announcements (school_id, published_at desc);
create index announcements_author_id_idx on public.announcements (author_id);

alter table public.announcements enable row level security;

-- School announcements are public on the school's website.
create policy "Anyone reads published announcements" on public.announcements
  for select to anon, authenticated
  using (true);

create policy "Staff post announcements" on public.announcements
  for insert to authenticated
  with check (
    author_id = (select auth.uid())
    and school_id in (select s.school_id from public.school_staff s where s.user_id = (select auth.uid()))
  );
