-- Supabase: schema, helper function, RLS, policies, a DO block and a trigger.
create schema if not exists private;

create or replace function private.current_org_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select organization_id from public.memberships where user_id = auth.uid()
$$;

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member' check (role in ('owner', 'member')),
  deleted_at timestamptz
);

alter table public.memberships enable row level security;

create policy "members read their org" on public.memberships
  for select to authenticated
  using (organization_id in (select private.current_org_ids()));

create policy "owners write" on public.memberships
  for all to authenticated
  using ((select auth.uid()) = user_id)
  with check (role = 'owner');

do $body$
begin
  if not exists (select 1 from pg_roles where rolname = 'reporting') then
    create role reporting nologin;
  end if;
  delete from public.memberships where deleted_at < now() - interval '30 days';
end
$body$;

create function public.touch() returns trigger language plpgsql as $fn$
begin
  new.updated_at := now(); -- a comment with a quote '
  return new;
end;
$fn$;

create trigger memberships_touch before update on public.memberships
  for each row execute function public.touch();

comment on table public.memberships is E'Who belongs where.\nOne row per user and org.';
