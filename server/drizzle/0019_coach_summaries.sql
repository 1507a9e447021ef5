ALTER TABLE "coaching_messages" ADD COLUMN "kind" text DEFAULT 'chat' NOT NULL;--> statement-breakpoint
ALTER TABLE "coaching_messages" ADD COLUMN "ref_id" text;--> statement-breakpoint
ALTER TABLE "coaching_messages" ADD COLUMN "summary" jsonb;--> statement-breakpoint
CREATE INDEX "coaching_member_kind_time_idx" ON "coaching_messages" USING btree ("member_id","kind","created_at");
--> statement-breakpoint
CREATE TABLE "coach_knowledge" (
	"slug" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"tsv" tsvector GENERATED ALWAYS AS (to_tsvector('english', "title" || ' ' || "body")) STORED
);--> statement-breakpoint
CREATE INDEX "coach_knowledge_tsv_idx" ON "coach_knowledge" USING gin ("tsv");
