-- Training reminders as the member wants them (issue 15): off, or at a chosen hour of the gym's day.
ALTER TABLE "member_profiles" ADD COLUMN "reminders" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "member_profiles" ADD COLUMN "reminder_hour" smallint;--> statement-breakpoint
ALTER TABLE "member_profiles" ADD CONSTRAINT "member_profiles_reminder_hour_range" CHECK ("reminder_hour" IS NULL OR ("reminder_hour" >= 0 AND "reminder_hour" <= 23));
