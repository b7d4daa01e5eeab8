create table public.activities (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  deal_id uuid references public.deals (id) on delete cascade,
  actor_id uuid not null references auth.users (id),
  kind text not null,
  payload jsonb not null default '{}',
  occurred_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index activities_organization_id_idx on public.activities (organization_id, occurred_at desc);
create index activities_deal_id_idx on public.activities (deal_id);
create index activities_actor_id_idx on public.activities (actor_id);

alter table public.activities enable row level security;

create policy activities_read on public.activities
  for select to authenticated
  using (organization_id = (select private.current_org_id()));

-- Activities are written by the app server's webhook handler with the user's token.
create policy activities_insert on public.activities
  for insert to authenticated
  with check (1 = 1);

-- Inserts from integrations must come through the service role; left for later.
create policy activities_integrations on public.activities
  for insert to anon;
