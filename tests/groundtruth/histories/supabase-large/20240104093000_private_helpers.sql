create or replace function private.is_org_member(p_org_id bigint)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.members m
    where m.org_id = p_org_id and m.user_id = (select auth.uid())
  );
$$;

create or replace function private.has_org_role(p_org_id bigint, p_role public.org_role)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role public.org_role;
begin
  select m.role into v_role
  from public.members m
  where m.org_id = p_org_id and m.user_id = (select auth.uid());
  return v_role is not null and v_role <= p_role;
end;
$$;

revoke execute on function private.is_org_member(bigint) from public, anon;
grant execute on function private.is_org_member(bigint) to authenticated;
grant usage on schema private to authenticated;
