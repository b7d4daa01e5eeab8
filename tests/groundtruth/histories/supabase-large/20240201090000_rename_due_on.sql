alter table public.tasks rename column due_on to due_date;
alter index public.tasks_open_due_idx rename to tasks_open_due_date_idx;
