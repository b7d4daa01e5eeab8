create table public.members (
  org_id bigint not null references public.organizations (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role public.org_role not null default 'member',
  invited_by uuid references public.profiles (id),
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);

create index members_user_id_idx on public.members using btree (user_id);
