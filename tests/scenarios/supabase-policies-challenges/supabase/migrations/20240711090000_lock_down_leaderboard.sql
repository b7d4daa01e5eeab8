-- Security review: the leaderboard must respect RLS, and vote_counts should not be public.
alter view public.challenge_leaderboard set (security_invoker = on);

revoke execute on function public.vote_counts(uuid) from public;
alter function public.vote_counts(uuid) set search_path = '';
