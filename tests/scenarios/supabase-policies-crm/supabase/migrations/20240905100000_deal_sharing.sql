-- Deals can be shared with a second user.
alter table public.deals add column shared_with uuid;

alter policy deals_update on public.deals
  using (owner_id = (select auth.uid()) or shared_with = auth.uid())
  with check (owner_id = (select auth.uid()) or shared_with = (select auth.uid()));

create policy deals_read_shared on public.deals
  for select to authenticated
  using (shared_with = (select auth.uid()));
