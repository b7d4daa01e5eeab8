create table public.challenges (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  title varchar(255) not null,
  description text,
  status text not null default 'draft' check (status in ('draft', 'open', 'closed')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index idx_challenges_workspace on public.challenges (workspace_id);
create index idx_challenges_organization on public.challenges (organization_id);
create index idx_challenges_created_by on public.challenges (created_by);
create index idx_challenges_status on public.challenges (status) where deleted_at is null;

alter table public.challenges enable row level security;

create policy workspace_member_select on public.challenges
  for select to authenticated
  using (
    exists (
      select 1 from public.workspace_users wu
      where wu.workspace_id = challenges.workspace_id
        and wu.user_id = auth.uid()
    )
  );

create policy workspace_admin_all on public.challenges
  for all to authenticated
  using (
    exists (
      select 1 from public.workspace_users wu
      where wu.workspace_id = challenges.workspace_id
        and wu.user_id = (select auth.uid())
        and wu.role in ('WORKSPACE_OWNER', 'WORKSPACE_ADMIN')
    )
  );
