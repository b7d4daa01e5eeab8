-- The advisor flagged the homework policy: wrap auth.uid().
drop policy "Students manage their homework" on public.homework;
create policy "Students manage their homework" on public.homework
  for all to authenticated
  using (student_id = (select auth.uid()))
  with check (student_id = (select auth.uid()));

create policy "Teachers read homework" on public.homework
  for select to authenticated
  using (
    assignment_id in (
      select a.id from public.assignments a
      join public.classes c on c.id = a.class_id
      where c.teacher_id = (select auth.uid())
    )
  );
