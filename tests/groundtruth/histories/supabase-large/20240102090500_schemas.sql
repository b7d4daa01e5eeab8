create schema if not exists private;
create schema if not exists billing;

revoke all on schema private from public;
grant usage on schema billing to authenticated, service_role;

comment on schema private is 'Helpers that must never be exposed through the API.';
comment on schema billing is 'Stripe mirror; written by webhooks with the service role.';
