-- Reporting: a pipeline snapshot refreshed nightly and a directory of contact owners.
create materialized view public.deal_pipeline as
  select organization_id, stage, count(*) as deals, sum(amount_cents) as amount_cents
  from public.deals
  group by organization_id, stage;

revoke select on public.deal_pipeline from anon;

create view public.contact_directory with (security_invoker = on) as
  select c.id, c.organization_id, c.full_name, u.email as owner_email
  from public.contacts c
  left join auth.users u on u.id = c.owner_id;

-- Invoices live in the billing database; read them in place.
create extension if not exists postgres_fdw with schema extensions;
create server billing foreign data wrapper postgres_fdw
  options (host 'billing.internal', dbname 'billing');
create foreign table public.invoices_remote (
  id uuid not null,
  organization_id uuid not null,
  amount_cents bigint not null
) server billing options (schema_name 'public', table_name 'invoices');
