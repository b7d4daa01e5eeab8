create index concurrently if not exists tasks_assignee_id_idx
  on public.tasks (assignee_id);

create index concurrently if not exists tasks_title_lower_idx
  on public.tasks (lower(title));

create index concurrently if not exists tasks_open_due_idx
  on public.tasks (due_on)
  where status <> 'done';
