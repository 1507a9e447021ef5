import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Running server processes on this database (several servers, docs/scaling.md): each updates `last_seen_at` on a
 * heartbeat; one silent past the stale limit is gone, and its open sets and sessions are closed by the others.
 * Times are the database's clock, so the servers' clocks need not agree.
 */
export const serverInstances = pgTable('server_instances', {
  id: text('id').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
