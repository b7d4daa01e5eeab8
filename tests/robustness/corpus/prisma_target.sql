ALTER TABLE "projects" ADD COLUMN "priority" INTEGER NOT NULL;
DELETE FROM "projects" WHERE "title" = 'it''s';
-- Everything below may be damaged by the fuzzer.
CREATE INDEX "projects_title_idx" ON "projects"("title");
UPDATE "projects" SET "title" = 'x' WHERE "id" = '1';
CREATE FUNCTION purge() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;
