-- Soft-deleted rows are invisible through the API, whatever the other policies say.
create policy contacts_not_deleted on public.contacts
  as restrictive
  for select to authenticated
  using (deleted_at is null);

create policy deals_not_deleted on public.deals
  as restrictive
  for select to authenticated
  using (deleted_at is null);
