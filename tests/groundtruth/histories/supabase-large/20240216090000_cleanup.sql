drop trigger if exists audit_tasks on public.tasks;
create trigger audit_tasks after update or delete on public.tasks
  for each row execute function private.audit();

alter table public.tasks drop constraint tasks_priority_range;
alter table public.tasks alter column priority drop default;
alter table public.tasks alter column priority drop not null;

alter table public.comments drop column edited_at;
drop policy "Authors can edit comments" on public.comments;
