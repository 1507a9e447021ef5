ALTER TABLE "coaching_messages" ADD COLUMN "kind" text DEFAULT 'chat' NOT NULL;--> statement-breakpoint
ALTER TABLE "coaching_messages" ADD COLUMN "ref_id" text;--> statement-breakpoint
ALTER TABLE "coaching_messages" ADD COLUMN "summary" jsonb;--> statement-breakpoint
CREATE INDEX "coaching_member_kind_time_idx" ON "coaching_messages" USING btree ("member_id","kind","created_at");
