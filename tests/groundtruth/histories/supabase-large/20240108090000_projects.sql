create table public.projects (
  id uuid primary key default gen_random_uuid(),
  org_id bigint not null references public.organizations (id) on delete cascade,
  name text not null,
  slug text not null,
  description text,
  search tsvector generated always as (
    to_tsvector('english', coalesce(name, '') || ' ' || coalesce(description, ''))
  ) stored,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  unique (org_id, slug)
);

create index projects_search_idx on public.projects using gin (search);
create index projects_active_idx on public.projects (org_id, created_at desc)
  where archived_at is null;
create index projects_name_trgm_idx on public.projects
  using gin (name extensions.gin_trgm_ops);
