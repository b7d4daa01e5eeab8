-- schemalint-ignore-file SL101: reference data shared by every tenant
create table public.countries (
  code char(2) primary key,
  name text not null
);
alter table public.countries enable row level security;
create policy "Everyone reads countries" on public.countries for select using (true);

create table public.currencies (
  code char(3) primary key,
  name text not null
);
alter table public.currencies enable row level security;
create policy "Everyone reads currencies" on public.currencies for select using (true);
