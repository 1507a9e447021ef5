/**
 * The delivery job table (schema/jobs.table.ts): enqueue (idempotent by key), claim due jobs atomically (a job
 * another worker holds is skipped; one whose lease ran out, because the process holding it died, is due again),
 * and record each outcome. The same SQL on PGlite and PostgreSQL.
 */
import { and, asc, desc, eq, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { deliveryJobs, type JobState } from '../db/schema/index.ts';

export type JobRow = typeof deliveryJobs.$inferSelect;

export interface NewJob {
  kind: string;
  memberId: string | null;
  payload: Record<string, unknown>;
  /** Same key as a stored job → nothing is added (e.g. `set_summary:<setId>`). */
  key?: string | null;
  maxAttempts: number;
  runAt?: Date;
}

export class JobsRepository {
  constructor(private readonly db: Db) {}

  /** The new job's id, or null when a job with the same key exists. */
  async add(j: NewJob): Promise<string | null> {
    const rows = await this.db
      .insert(deliveryJobs)
      .values({ kind: j.kind, memberId: j.memberId, payload: j.payload, key: j.key ?? null, maxAttempts: j.maxAttempts, ...(j.runAt ? { runAt: j.runAt } : {}) })
      .onConflictDoNothing({ target: deliveryJobs.key })
      .returning({ id: deliveryJobs.id });
    return rows[0]?.id ?? null;
  }

  /** Marks up to `limit` due jobs running (attempts + 1, leased until now + leaseMs) and returns them. */
  async claim(now: Date, limit: number, leaseMs: number): Promise<JobRow[]> {
    const due = this.db
      .select({ id: deliveryJobs.id })
      .from(deliveryJobs)
      .where(
        or(
          and(eq(deliveryJobs.state, 'pending'), lte(deliveryJobs.runAt, now)),
          and(eq(deliveryJobs.state, 'running'), isNotNull(deliveryJobs.lockedUntil), lt(deliveryJobs.lockedUntil, now)),
        ),
      )
      .orderBy(asc(deliveryJobs.runAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    return this.db
      .update(deliveryJobs)
      .set({ state: 'running', attempts: sql`${deliveryJobs.attempts} + 1`, lockedUntil: new Date(now.getTime() + leaseMs) })
      .where(inArray(deliveryJobs.id, due))
      .returning();
  }

  async done(id: string): Promise<void> {
    await this.db.update(deliveryJobs).set({ state: 'done', lockedUntil: null, lastError: null, finishedAt: new Date() }).where(eq(deliveryJobs.id, id));
  }

  /** A failed attempt: due again at `retryAt`, or dead (no `retryAt`). `error` must carry no personal data. */
  async failed(id: string, error: string, retryAt: Date | null): Promise<void> {
    await this.db
      .update(deliveryJobs)
      .set(retryAt ? { state: 'pending', runAt: retryAt, lockedUntil: null, lastError: error.slice(0, 500) } : { state: 'dead', lockedUntil: null, lastError: error.slice(0, 500), finishedAt: new Date() })
      .where(eq(deliveryJobs.id, id));
  }

  /** Jobs due by `now` (pending or with a lapsed lease): how many are waiting. */
  async dueCount(now: Date): Promise<number> {
    const [r] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(deliveryJobs)
      .where(or(and(eq(deliveryJobs.state, 'pending'), lte(deliveryJobs.runAt, now)), and(eq(deliveryJobs.state, 'running'), lt(deliveryJobs.lockedUntil, now))));
    return Number(r?.n ?? 0);
  }

  /** Newest first (the admins' view of dead deliveries). */
  list(state: JobState | null, limit: number) {
    return this.db
      .select()
      .from(deliveryJobs)
      .where(state ? eq(deliveryJobs.state, state) : undefined)
      .orderBy(desc(deliveryJobs.createdAt))
      .limit(limit);
  }

  byId(id: string) {
    return this.db.select().from(deliveryJobs).where(eq(deliveryJobs.id, id)).then((r) => r[0] ?? null);
  }

  /** A dead job due again now with a fresh count of attempts (an admin's retry). */
  async revive(id: string): Promise<boolean> {
    const r = await this.db
      .update(deliveryJobs)
      .set({ state: 'pending', attempts: 0, runAt: new Date(), lastError: null, finishedAt: null })
      .where(and(eq(deliveryJobs.id, id), eq(deliveryJobs.state, 'dead')))
      .returning({ id: deliveryJobs.id });
    return r.length > 0;
  }
}
