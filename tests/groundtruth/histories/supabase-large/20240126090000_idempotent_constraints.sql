do $$
begin
  if not exists (
    select 1 from pg_constraint where conname = 'tasks_position_nonnegative'
  ) then
    alter table public.tasks
      add constraint tasks_position_nonnegative check (position >= 0);
  end if;

  if not exists (select 1 from pg_type where typname = 'task_kind') then
    create type public.task_kind as enum ('feature', 'bug', 'chore');
  end if;
end
$$;

alter table public.tasks add column if not exists kind public.task_kind not null default 'chore';
