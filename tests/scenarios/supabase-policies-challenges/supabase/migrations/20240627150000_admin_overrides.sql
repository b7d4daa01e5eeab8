-- Admins may reassign submissions: the update policy grows an admin branch.
alter policy "Authors edit their submissions" on public.submissions
  using (
    author_id = (select auth.uid())
    or exists (
      select 1 from public.workspace_users wu
      where wu.workspace_id = submissions.workspace_id
        and wu.user_id = auth.uid()
        and wu.role = 'WORKSPACE_ADMIN'
    )
  );

-- Votes are only ever counted by the service role.
create policy "Service counts votes" on public.submission_votes
  for select to service_role
  using (true);
