create table private.audit_log (
  id bigint generated always as identity primary key,
  table_name text not null,
  record_id text not null,
  op text not null check (op in ('INSERT', 'UPDATE', 'DELETE')),
  old_data jsonb,
  new_data jsonb,
  actor uuid,
  at timestamptz not null default now()
);

create index audit_log_table_record_idx on private.audit_log (table_name, record_id);
create index audit_log_at_brin on private.audit_log using brin (at);

create function private.audit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.audit_log (table_name, record_id, op, old_data, new_data, actor)
  values (
    tg_table_name,
    coalesce(new.id, old.id)::text,
    tg_op,
    case when tg_op <> 'INSERT' then to_jsonb(old) end,
    case when tg_op <> 'DELETE' then to_jsonb(new) end,
    auth.uid()
  );
  return coalesce(new, old);
end;
$$;

create trigger audit_projects after insert or update or delete on public.projects
  for each row execute function private.audit();
create trigger audit_tasks after insert or update or delete on public.tasks
  for each row execute function private.audit();

revoke all on private.audit_log from anon, authenticated;
