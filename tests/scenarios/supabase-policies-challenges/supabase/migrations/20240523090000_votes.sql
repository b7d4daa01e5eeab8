create table public.submission_votes (
  submission_id uuid not null references public.submissions (id) on delete cascade,
  voter_id uuid not null references auth.users (id) on delete cascade,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  value smallint not null check (value in (-1, 1)),
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (submission_id, voter_id)
);
create index submission_votes_voter_id_idx on public.submission_votes (voter_id);
create index submission_votes_workspace_id_idx on public.submission_votes (workspace_id);

alter table public.submission_votes enable row level security;

create policy "Members read votes" on public.submission_votes
  for select to authenticated
  using (workspace_id in (select private.user_workspace_ids()));

create policy "Voters manage their votes" on public.submission_votes
  for all to authenticated
  using (voter_id = (select auth.uid()))
  with check (voter_id = (select auth.uid()));
