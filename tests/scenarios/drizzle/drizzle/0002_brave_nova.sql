ALTER TABLE "challenges" ADD COLUMN "status" text NOT NULL;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "max_votes" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "submissions_challenge_id_idx" ON "submissions" USING btree ("challenge_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "submissions_workspace_id_idx" ON "submissions" USING btree ("workspace_id");
