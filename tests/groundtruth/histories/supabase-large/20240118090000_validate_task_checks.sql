alter table public.tasks validate constraint tasks_status_check;
alter table public.tasks validate constraint tasks_priority_range;
