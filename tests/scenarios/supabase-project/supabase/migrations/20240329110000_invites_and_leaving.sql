-- Invitation tokens are never served by the API: they live in the private schema.
create table private.workspace_invites (
  token text primary key default encode(extensions.gen_random_bytes(24), 'hex'),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  email text not null,
  expires_at timestamptz not null default now() + interval '7 days',
  deleted_at timestamptz
);
create index workspace_invites_workspace_id_idx on private.workspace_invites (workspace_id);

create or replace function public.leave_workspace(target_workspace uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  remaining integer;
begin
  select count(*) into remaining
  from public.workspace_members
  where workspace_id = target_workspace and role = 'owner' and deleted_at is null;

  if remaining <= 1 then
    raise exception 'the last owner cannot leave the workspace';
  end if;

  delete from public.workspace_members
  where workspace_id = target_workspace
    and user_id = (select auth.uid());
end;
$$;

revoke execute on function public.leave_workspace(uuid) from anon;
grant execute on function public.leave_workspace(uuid) to authenticated;
