create table public.notes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  contact_id uuid not null references public.contacts (id) on delete cascade,
  author_id uuid not null references auth.users (id),
  body text not null,
  pinned boolean not null default false,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index notes_organization_id_idx on public.notes (organization_id);
create index notes_contact_id_idx on public.notes (contact_id);
create index notes_author_id_idx on public.notes (author_id);

alter table public.notes enable row level security;

create policy notes_tenant on public.notes
  using (organization_id = (select private.current_org_id()));

-- Managers see every note of their organization; "manager" is picked at sign-up.
create policy notes_managers on public.notes
  for select
  using (
    exists (
      select 1 from auth.users u
      where u.id = (select auth.uid())
        and u.raw_user_meta_data ->> 'title' = 'manager'
    )
  );
