-- Teacher accounts: the sign-up form stores the account type in the user's metadata, and a
-- helper tells teachers apart for the policies.
create schema if not exists private;

create or replace function private.is_teacher()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce((auth.jwt() -> 'user_metadata' ->> 'account_type') = 'teacher', false)
$$;

create policy "Teachers read announcement drafts" on public.announcements
  for select to authenticated
  using ((select private.is_teacher()) and published_at is null);
