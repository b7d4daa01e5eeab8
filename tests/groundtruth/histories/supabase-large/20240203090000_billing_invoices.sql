create table billing.invoices (
  id text primary key,
  org_id bigint not null,
  subscription_id text references billing.subscriptions (id) on delete set null,
  amount_cents bigint not null check (amount_cents >= 0),
  currency char(3) not null default 'usd',
  amount numeric(12, 2) generated always as (amount_cents / 100.0) stored,
  status text not null,
  issued_at timestamptz not null default now(),
  paid_at timestamptz
);

alter table billing.invoices
  add constraint invoices_org_id_fkey foreign key (org_id)
  references billing.customers (org_id) on delete cascade not valid;

alter table billing.invoices validate constraint invoices_org_id_fkey;

create index invoices_org_id_issued_at_idx on billing.invoices (org_id, issued_at desc);
create index invoices_unpaid_idx on billing.invoices (org_id) where paid_at is null;

alter table billing.invoices enable row level security;
alter table billing.invoices force row level security;

create policy "Members can view invoices" on billing.invoices
  for select to authenticated
  using (private.is_org_member(org_id));
