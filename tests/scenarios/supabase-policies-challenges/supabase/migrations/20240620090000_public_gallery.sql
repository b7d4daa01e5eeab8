-- The public gallery shows closed challenges to visitors; signed-in users see their own too.
create policy "Gallery shows closed challenges" on public.challenges
  for select
  using (status = 'closed' and deleted_at is null);

create policy "Visitors and authors read submissions" on public.submissions
  for select
  using (auth.uid() is null or author_id = (select auth.uid()));
