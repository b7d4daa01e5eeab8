alter policy "org members" on app.projects rename to "project members";
alter policy "project members" on app.projects to authenticated;

drop policy "own profile" on public.profiles;
create policy "profiles: own row" on public.profiles
  for update to authenticated
  using (id = auth.uid());

alter table public.profiles rename column full_name to display_name;
alter table public.profiles add column if not exists deleted_at timestamptz;

comment on table public.profiles is 'One row per auth user.';
grant select on public.profiles to anon;

create unique index if not exists organizations_lower_name_key on public.organizations (lower(name));
create index on public.organizations (created_at) where name is not null;

alter table app.projects drop constraint projects_name_check;
alter table app.projects add constraint projects_name_check check (char_length(name) between 1 and 100);

alter table public.profiles disable row level security;
