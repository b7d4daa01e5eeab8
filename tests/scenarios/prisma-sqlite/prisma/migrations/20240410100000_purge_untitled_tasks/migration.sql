-- Written by hand (prisma migrate dev --create-only): drop the tasks the import left untitled.
DELETE FROM "Task" WHERE "title" = '';
