-- Idempotent rep writes (#18): a replayed rep (writer spool, a retried batch) must not count twice.
DELETE FROM "reps" a USING "reps" b WHERE a."set_id" = b."set_id" AND a."index" = b."index" AND a."id" > b."id";--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "reps_set_index_uq" ON "reps" USING btree ("set_id","index");
