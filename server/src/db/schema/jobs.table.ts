import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns.ts';
import { members } from './members.table.ts';

export type JobState = 'pending' | 'running' | 'done' | 'dead';

/**
 * Durable delivery jobs (services/job-queue.service.ts): coach summaries to write and web pushes to send. A row
 * survives a restart; a worker claims due rows (`FOR UPDATE SKIP LOCKED`, a lease in `locked_until` so a job a
 * crashed process held is claimed again), retries failures with backoff in `run_at`, and marks a job `dead` after
 * `max_attempts`. `key` makes enqueueing idempotent (one summary per set). Deleted with the member.
 */
export const deliveryJobs = pgTable(
  'delivery_jobs',
  {
    id: id(),
    kind: text('kind').notNull(),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    key: text('key'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    state: text('state').$type<JobState>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    runAt: ts('run_at').notNull().defaultNow(),
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    finishedAt: ts('finished_at'),
  },
  (t) => [uniqueIndex('delivery_jobs_key_idx').on(t.key), index('delivery_jobs_due_idx').on(t.state, t.runAt)],
);
