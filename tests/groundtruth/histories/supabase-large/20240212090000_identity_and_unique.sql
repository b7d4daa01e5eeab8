alter table public.organizations alter column id set generated always;

alter table public.members drop constraint members_pkey;
alter table public.members add column id bigint generated always as identity;
alter table public.members add primary key (id);
alter table public.members add constraint members_org_id_user_id_key unique (org_id, user_id);
drop index public.members_user_id_idx;
create index members_user_id_idx on public.members (user_id) include (role);
