create type public.challenge_status as enum ('draft', 'open', 'judging', 'closed');

create table public.challenges (
  id uuid primary key default extensions.gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  title varchar(255) not null,
  description text,
  status public.challenge_status not null default 'draft',
  created_by uuid references auth.users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);

create index challenges_organization_id_idx on public.challenges (organization_id);
create index challenges_workspace_id_status_idx on public.challenges (workspace_id, status)
  where deleted_at is null;
create index challenges_created_by_idx on public.challenges (created_by);

create trigger handle_updated_at before update on public.challenges
  for each row execute procedure extensions.moddatetime (updated_at);

alter table public.challenges enable row level security;

create policy "Members read challenges" on public.challenges
  for select to authenticated
  using ((select private.is_workspace_member(workspace_id)) and deleted_at is null);

create policy "Members create challenges" on public.challenges
  for insert to authenticated
  with check ((select private.is_workspace_member(workspace_id)));

create policy "Authors edit challenges" on public.challenges
  for update to authenticated
  using (created_by = (select auth.uid()))
  with check (created_by = (select auth.uid()));

create policy "Anyone reads open challenges" on public.challenges
  for select to anon
  using (status = 'open' and deleted_at is null);

grant select on public.challenges to anon;
grant select, insert, update on public.challenges to authenticated;
