-- The deals board archives deals itself.
grant execute on function public.archive_deal(uuid) to authenticated;

create or replace view public.contact_directory as
  select c.id, c.organization_id, c.full_name, u.email as owner_email
  from public.contacts c
  left join auth.users u on u.id = c.owner_id;
