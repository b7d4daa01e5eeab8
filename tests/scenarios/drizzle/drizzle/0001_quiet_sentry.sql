CREATE TABLE IF NOT EXISTS "challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"title" varchar(255) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "challenges" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"body" text NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "submission_votes" (
	"submission_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"voter_id" uuid NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "submission_votes_submission_id_voter_id_unique" UNIQUE("submission_id","voter_id")
);
--> statement-breakpoint
ALTER TABLE "submission_votes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_votes" ADD CONSTRAINT "submission_votes_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_votes" ADD CONSTRAINT "submission_votes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "challenges_workspace_id_idx" ON "challenges" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "submission_votes_workspace_id_idx" ON "submission_votes" USING btree ("workspace_id");--> statement-breakpoint
CREATE POLICY "members_read_challenges" ON "challenges" AS PERMISSIVE FOR SELECT TO "authenticated" USING (exists (select 1 from "workspace_members" "m" where "m"."workspace_id" = "challenges"."workspace_id" and "m"."user_id" = (select auth.uid())));--> statement-breakpoint
CREATE POLICY "members_vote" ON "submission_votes" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("submission_votes"."voter_id" = (select auth.uid()));
