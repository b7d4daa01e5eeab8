do $$
begin
  if not exists (
    select 1 from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where t.typname = 'submission_status' and n.nspname = 'public'
  ) then
    create type public.submission_status as enum ('draft', 'submitted', 'withdrawn');
  end if;
end
$$;

alter table public.submissions
  add column status public.submission_status not null default 'submitted';

-- Every challenge now caps its team size.
alter table public.challenges add column max_team_size integer not null;

create table public.leaderboard_snapshots (
  id bigint generated always as identity primary key,
  challenge_id uuid not null references public.challenges (id) on delete cascade,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  ranking jsonb not null default '[]'::jsonb,
  taken_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index leaderboard_snapshots_challenge_id_idx on public.leaderboard_snapshots (challenge_id);
create index leaderboard_snapshots_workspace_id_idx on public.leaderboard_snapshots (workspace_id);
alter table public.leaderboard_snapshots enable row level security;

create table public.challenge_tags (
  challenge_id uuid not null references public.challenges (id) on delete cascade,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  tag text not null,
  deleted_at timestamptz,
  primary key (challenge_id, tag)
);
create index challenge_tags_workspace_id_idx on public.challenge_tags (workspace_id);
create policy "Members read tags" on public.challenge_tags
  for select to authenticated
  using ((select private.is_workspace_member(workspace_id)));

create view public.challenge_leaderboard
with (security_invoker = true) as
  select s.challenge_id, s.author_id, max(s.score) as best_score
  from public.submissions s
  where s.deleted_at is null and s.status = 'submitted'
  group by s.challenge_id, s.author_id;

grant select on public.challenge_leaderboard to authenticated;
