create table billing.customers (
  org_id bigint primary key references public.organizations (id) on delete cascade,
  stripe_customer_id text not null unique,
  email text,
  created_at timestamptz not null default now()
);

create table billing.subscriptions (
  id text primary key,
  org_id bigint not null references billing.customers (org_id) on delete cascade,
  status billing.subscription_status not null,
  price_id text not null,
  quantity integer not null default 1 check (quantity > 0),
  cancel_at_period_end boolean not null default false,
  current_period_end timestamptz not null,
  created_at timestamptz not null default now()
);

create index subscriptions_org_id_idx on billing.subscriptions (org_id);
create unique index subscriptions_one_live_per_org on billing.subscriptions (org_id)
  where status in ('trialing', 'active', 'past_due');

alter table billing.customers enable row level security;
alter table billing.subscriptions enable row level security;

create policy "Members can view their customer" on billing.customers
  for select to authenticated
  using (private.is_org_member(org_id));

create policy "Members can view their subscriptions" on billing.subscriptions
  for select to authenticated
  using (private.is_org_member(org_id));

revoke all on billing.customers, billing.subscriptions from anon;
grant select on billing.customers, billing.subscriptions to authenticated;
grant all on all tables in schema billing to service_role;
