-- RPCs for the contacts screen.
create function public.merge_contacts(keep uuid, duplicate uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.deals set contact_id = keep where contact_id = duplicate;
  update public.contacts set deleted_at = now() where id = duplicate;
end
$$;
revoke execute on function public.merge_contacts(uuid, uuid) from public, anon, authenticated;

create function public.search_contacts(q text)
returns setof public.contacts
language sql
stable
security definer
set search_path = ''
as $$
  select * from public.contacts where full_name ilike '%' || q || '%'
$$;
revoke all on function public.search_contacts(text) from anon;

create function public.search_contacts(q text, org uuid)
returns setof public.contacts
language sql
stable
set search_path = ''
as $$
  select * from public.contacts where organization_id = org and full_name ilike '%' || q || '%'
$$;
