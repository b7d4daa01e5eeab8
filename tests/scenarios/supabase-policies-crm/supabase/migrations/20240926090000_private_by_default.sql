-- From now on functions are private unless granted: nobody but the owner may execute them.
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated;

create function public.archive_deal(deal uuid)
returns void
language sql
security definer
set search_path = ''
as $$
  update public.deals set deleted_at = now() where id = deal
$$;

create function public.deal_age_days(deal uuid)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select extract(day from now() - created_at)::integer from public.deals where id = deal
$$;
