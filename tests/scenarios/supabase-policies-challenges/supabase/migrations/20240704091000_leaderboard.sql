-- Leaderboard for the public gallery: vote counts per submission.
create view public.challenge_leaderboard as
  select s.challenge_id, s.id as submission_id, s.title, count(v.*) as votes
  from public.submissions s
  left join public.submission_votes v on v.submission_id = s.id
  group by s.challenge_id, s.id, s.title;

create function public.vote_counts(challenge uuid)
returns table (submission_id uuid, votes bigint)
language sql
stable
security definer
as $$
  select v.submission_id, count(*)
  from public.submission_votes v
  join public.submissions s on s.id = v.submission_id
  where s.challenge_id = challenge
  group by v.submission_id
$$;

create function public.touch_updated_at()
returns trigger
language plpgsql
security definer
as $$
begin
  new.created_at := coalesce(new.created_at, now());
  return new;
end
$$;

create trigger submissions_touch before insert on public.submissions
  for each row execute function public.touch_updated_at();
