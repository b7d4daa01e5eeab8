create table public.deals (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  contact_id uuid references public.contacts (id) on delete set null,
  owner_id uuid not null references auth.users (id),
  stage text not null default 'lead',
  amount_cents bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index deals_organization_stage_idx on public.deals (organization_id, stage);
create index deals_contact_id_idx on public.deals (contact_id);
create index deals_owner_id_idx on public.deals (owner_id);

alter table public.deals enable row level security;

create policy deals_read on public.deals
  for select to authenticated
  using (organization_id = (auth.jwt() -> 'app_metadata' ->> 'organization_id')::uuid);

create policy deals_write on public.deals
  for insert to authenticated
  with check (
    organization_id = (select private.current_org_id())
    and owner_id = (select auth.uid())
  );

create policy deals_update on public.deals
  for update to authenticated
  using (owner_id = (select auth.uid()));
