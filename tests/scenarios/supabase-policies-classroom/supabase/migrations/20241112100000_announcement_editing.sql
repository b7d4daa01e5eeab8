-- Editing announcements: the first version allowed every signed-in user; the role check
-- uses the role claim.
create policy "Staff edit announcements" on public.announcements
  for update to authenticated
  using (true)
  with check (author_id = (select auth.uid()));

alter policy "Staff edit announcements" on public.announcements
  using (author_id = (select auth.uid()) and auth.role() = 'authenticated');
