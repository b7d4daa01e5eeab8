create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  country_code char(2) references public.countries (code),
  deleted_at timestamptz
);
create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  name text not null,
  deleted_at timestamptz
);
create index workspaces_organization_id_idx on public.workspaces (organization_id);
alter table public.organizations enable row level security;
alter table public.workspaces enable row level security;
create policy "Members read" on public.organizations for select to authenticated
  using (id = (select auth.uid()));
create policy "Members read" on public.workspaces for select to authenticated
  using (organization_id = (select auth.uid()));
