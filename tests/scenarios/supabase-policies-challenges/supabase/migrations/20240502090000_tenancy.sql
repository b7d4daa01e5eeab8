-- Tenancy: organizations own workspaces; people join workspaces with a role.
create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  slug text not null unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);

create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (organization_id, name)
);

create table public.workspace_users (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'WORKSPACE_MEMBER'
    check (role in ('WORKSPACE_OWNER', 'WORKSPACE_ADMIN', 'WORKSPACE_MEMBER')),
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (workspace_id, user_id)
);
create index workspace_users_user_id_idx on public.workspace_users (user_id);
create index workspace_users_organization_id_idx on public.workspace_users (organization_id);

alter table public.organizations enable row level security;
alter table public.workspaces enable row level security;
alter table public.workspace_users enable row level security;
