-- Judges are picked per challenge; their user id comes from the sign-up form's metadata.
alter table public.challenges add column judge_id uuid;

create policy "Judges read assigned challenges" on public.challenges
  for select to authenticated
  using (
    judge_id = (select auth.uid())
    or (select auth.jwt() -> 'user_metadata' ->> 'is_judge') = 'true'
  );
