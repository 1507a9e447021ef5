-- Several servers on one database (issue 21): each running server heartbeats its row here, and owns the sets and
-- sessions it opens, so that recovery closes only what a dead server left open (a live neighbour's sets stay
-- open). A null owner is a row from before this migration (or a server without an instance id): any recovery closes it.
-- sets.camera_id: the camera a set was seen on, for the per-camera replay floor after a failover.
CREATE TABLE IF NOT EXISTS "server_instances" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "sets" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "sets" ADD COLUMN "camera_id" text;--> statement-breakpoint
ALTER TABLE "workout_sessions" ADD COLUMN "owner" text;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sets_camera_idx" ON "sets" ("camera_id", "started_at");
