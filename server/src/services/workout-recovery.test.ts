import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { openTestDb, type TestDb } from '../testing/db.ts';
import { reps, sets, workoutSessions } from '../db/schema/index.ts';
import { closeOpenWorkouts } from './workout-recovery.ts';

describe('closeOpenWorkouts (a stop mid-set)', () => {
  let h: TestDb;
  beforeAll(async () => void (h = await openTestDb('pglite')));
  afterAll(async () => h?.close());

  it('closes an open set with its stored reps counted and its session ended; closed ones stay as they were', async () => {
    const t0 = new Date('2026-12-04T10:00:00Z');
    const sessionId = randomUUID(), openSet = randomUUID(), doneSet = randomUUID();
    await h.db.insert(workoutSessions).values({ id: sessionId, startedAt: t0 });
    await h.db.insert(sets).values([
      { id: doneSet, sessionId, exercise: 'squat', startedAt: t0, endedAt: new Date(t0.getTime() + 30_000), reps: 5 },
      { id: openSet, sessionId, exercise: 'squat', startedAt: new Date(t0.getTime() + 60_000) },
    ]);
    const rep = (i: number) => ({ setId: openSet, index: i, at: new Date(t0.getTime() + 60_000 + i * 3000), startedAt: new Date(t0.getTime() + 60_000 + i * 3000 - 2000), rom: 0.9, concentricMs: 900, eccentricMs: 1100 });
    await h.db.insert(reps).values([rep(1), rep(2), rep(3)]);

    expect(await closeOpenWorkouts(h.db)).toEqual({ sets: 1, sessions: 1 });
    const [open] = await h.db.select().from(sets).where(eq(sets.id, openSet));
    expect(open).toMatchObject({ reps: 3, endedAt: rep(3).at });
    const [done] = await h.db.select().from(sets).where(eq(sets.id, doneSet));
    expect(done).toMatchObject({ reps: 5, endedAt: new Date(t0.getTime() + 30_000) });
    const [session] = await h.db.select().from(workoutSessions).where(eq(workoutSessions.id, sessionId));
    expect(session!.endedAt).toEqual(rep(3).at);
    expect(await closeOpenWorkouts(h.db)).toEqual({ sets: 0, sessions: 0 });
  });
});
