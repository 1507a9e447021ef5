-- Cameras, zones, floor homographies and topology edited in the staff console (#16). Config-file cameras keep
-- source 'config' and no URL here; console cameras carry their RTSP URL (a secret: never logged, masked in answers).
ALTER TABLE "cameras" ADD COLUMN IF NOT EXISTS "source" text DEFAULT 'config' NOT NULL;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN IF NOT EXISTS "rtsp_url" text;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN IF NOT EXISTS "transcode" text DEFAULT 'auto' NOT NULL;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN IF NOT EXISTS "zones" jsonb;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN IF NOT EXISTS "homography" jsonb;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN IF NOT EXISTS "floor_points" jsonb;--> statement-breakpoint
ALTER TABLE "cameras" ADD COLUMN IF NOT EXISTS "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "gyms" ADD COLUMN IF NOT EXISTS "topology" jsonb;
