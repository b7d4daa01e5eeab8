-- Naming review: foreign-key columns end in _id.
alter table public.homework rename column student to student_id;
alter index public.homework_student_idx rename to homework_student_id_idx;
alter policy homework_own on public.homework rename to "Students manage their homework";
