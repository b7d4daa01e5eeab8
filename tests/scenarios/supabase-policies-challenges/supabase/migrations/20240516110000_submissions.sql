create table public.submissions (
  id uuid primary key default gen_random_uuid(),
  challenge_id uuid not null references public.challenges (id) on delete cascade,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  author_id uuid not null references auth.users (id),
  title text not null,
  body text,
  status text not null default 'submitted',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index submissions_challenge_id_idx on public.submissions (challenge_id);
create index submissions_author_id_idx on public.submissions (author_id);

alter table public.submissions enable row level security;

create policy "Members read submissions" on public.submissions
  for select to authenticated
  using (workspace_id in (select private.user_workspace_ids()));

create policy "Authors create submissions" on public.submissions
  for insert to authenticated
  with check (
    author_id = (select auth.uid())
    and workspace_id in (select private.user_workspace_ids())
  );

create policy "Authors edit their submissions" on public.submissions
  for update to authenticated
  using (author_id = (select auth.uid()))
  with check (author_id = (select auth.uid()));
