create table public.submissions (
  id uuid primary key default extensions.gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  challenge_id uuid not null references public.challenges (id) on delete cascade,
  author_id uuid not null references auth.users (id),
  body text not null,
  score numeric(5, 2),
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);

create index submissions_challenge_id_idx on public.submissions (challenge_id);
create index submissions_organization_id_created_at_idx
  on public.submissions (organization_id, created_at desc);

-- Row level security is switched on in the next migration, once the app is ready.
create policy "Authors manage their submissions" on public.submissions
  for all to authenticated
  using (author_id = (select auth.uid()))
  with check (author_id = (select auth.uid()));

create policy "Organization members read submissions" on public.submissions
  for select to authenticated
  using (organization_id in (select private.organization_ids()));

grant select, insert, update on public.submissions to authenticated;
