set search_path to app, public;

create table projects (
  id bigint generated always as identity primary key,
  organization_id uuid not null references organizations (id),
  name text not null check (char_length(name) > 0),
  slug text not null,
  unique (organization_id, slug)
);

create function app.touch_updated_at() returns trigger
language plpgsql as $$
begin
  new.updated_at = now();
  return new;
end
$$;

alter table projects add column updated_at timestamptz default now();

create trigger projects_touch before update on projects
  for each row execute function app.touch_updated_at();

alter table projects enable row level security;
alter table projects force row level security;

create policy "org members" on projects as permissive
  for select to authenticated, anon
  using (true);

set search_path to public;

do $$
begin
  create policy "service role" on public.organizations for all to service_role using (true);
end
$$;
