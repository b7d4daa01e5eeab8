-- Added NOT VALID: validating scans the table under a weaker lock in the next migration.
alter table public.tasks
  add constraint tasks_status_check check (status in ('todo', 'doing', 'done')) not valid;

alter table public.tasks
  add constraint tasks_priority_range check (priority between 1 and 5) not valid;
