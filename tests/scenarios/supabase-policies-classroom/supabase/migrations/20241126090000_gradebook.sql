-- Gradebook: case-insensitive student emails, report tokens, averages and a roster view.
create extension citext;
create extension pgcrypto with schema public;

create view public.class_roster with (security_invoker = on) as
  select e.class_id, e.student_id, e.enrolled_at
  from public.enrollments e
  where e.deleted_at is null;

create function public.grade_average(student uuid)
returns numeric
language sql
stable
as $$
  select avg(score) from public.grades where student_id = student
$$;

create function public.class_size(class uuid)
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select count(*) from public.enrollments where class_id = class and deleted_at is null
$$;

create function public.class_size(class uuid, include_dropped boolean)
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select count(*) from public.enrollments
  where class_id = class and (include_dropped or deleted_at is null)
$$;
revoke execute on function public.class_size(uuid) from public, anon, authenticated;

create function public.notify_teacher()
returns trigger
language plpgsql
security definer
as $$
begin
  perform pg_notify('grades', new.id::text);
  return new;
end
$$;

create trigger grades_notify after insert on public.grades
  for each row execute function public.notify_teacher();
