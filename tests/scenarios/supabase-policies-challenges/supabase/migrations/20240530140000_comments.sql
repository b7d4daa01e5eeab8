create table public.submission_comments (
  id uuid primary key default gen_random_uuid(),
  submission_id uuid not null references public.submissions (id) on delete cascade,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  author_id uuid not null references auth.users (id),
  body text not null check (char_length(body) <= 4000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index submission_comments_submission_id_idx on public.submission_comments (submission_id);
create index submission_comments_workspace_id_idx on public.submission_comments (workspace_id);

alter table public.submission_comments enable row level security;

create policy "Members read comments" on public.submission_comments
  for select to authenticated
  using (workspace_id in (select private.user_workspace_ids()));

create policy "Authors write comments" on public.submission_comments
  for insert to authenticated
  with check (author_id = (select auth.uid()));

-- Placeholder from the prototype: editing was meant to be tightened later.
create policy "Anyone edits comments" on public.submission_comments
  for update to authenticated
  using (true);
