-- The free-text status becomes the enum made in the first migrations.
alter table public.tasks drop constraint tasks_status_check;
alter table public.tasks add column state public.task_status not null default 'todo';

update public.tasks
set state = case status
  when 'doing' then 'in_progress'::public.task_status
  when 'done' then 'done'::public.task_status
  else 'todo'::public.task_status
end;

drop view public.project_stats;

-- PostgreSQL also drops tasks_open_due_date_idx here: its WHERE clause reads status.
alter table public.tasks drop column status;

create index tasks_open_due_idx on public.tasks (due_date) where state <> 'done';

create view public.project_stats
with (security_invoker = true)
as
select
  p.id as project_id,
  p.org_id,
  count(t.id) as task_count,
  count(t.id) filter (where t.state = 'done') as done_count
from public.projects p
left join public.tasks t on t.project_id = p.id
group by p.id, p.org_id;

grant select on public.project_stats to authenticated;
