create or replace view public.project_stats
with (security_invoker = true)
as
select
  p.id as project_id,
  p.org_id,
  count(t.id) as task_count,
  count(t.id) filter (where t.status = 'done') as done_count
from public.projects p
left join public.tasks t on t.project_id = p.id
group by p.id, p.org_id;

grant select on public.project_stats to authenticated;
revoke all on public.project_stats from anon;
