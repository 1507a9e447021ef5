import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { createLogger } from '@gym/shared/logger.ts';
import { openTestDb, type TestDb } from '../testing/db.ts';
import { reps, sets, workoutSessions } from '../db/schema/index.ts';
import { closeOpenWorkouts, closeOwnWorkouts, lastStoredRepMs } from './workout-recovery.ts';
import { ServerInstance } from './server-instance.ts';

const log = createLogger('test', { level: 'silent' });
const STALE = 30_000;

describe('closeOpenWorkouts (a stop mid-set)', () => {
  let h: TestDb;
  beforeAll(async () => void (h = await openTestDb('pglite')));
  afterAll(async () => h?.close());

  /** An open set (and its session) owned by `owner`, with `n` stored reps; returns their ids. */
  async function openSet(owner: string | null, n: number, cameraId: string | null = null, t0 = new Date('2026-12-04T10:00:00Z')) {
    const sessionId = randomUUID(), setId = randomUUID();
    await h.db.insert(workoutSessions).values({ id: sessionId, startedAt: t0, owner });
    await h.db.insert(sets).values({ id: setId, sessionId, exercise: 'squat', startedAt: t0, owner, cameraId });
    for (let i = 1; i <= n; i++)
      await h.db.insert(reps).values({ setId, index: i, at: new Date(t0.getTime() + i * 3000), startedAt: new Date(t0.getTime() + i * 3000 - 2000), rom: 0.9, concentricMs: 900, eccentricMs: 1100 });
    return { sessionId, setId };
  }
  const setOf = async (id: string) => (await h.db.select().from(sets).where(eq(sets.id, id)))[0]!;
  const sessionOf = async (id: string) => (await h.db.select().from(workoutSessions).where(eq(workoutSessions.id, id)))[0]!;
  const beat = (id: string, agoMs: number) =>
    h.db.execute(sql`insert into server_instances (id, last_seen_at) values (${id}, now() - ${agoMs} * interval '1 millisecond')
      on conflict (id) do update set last_seen_at = excluded.last_seen_at`);

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

    expect(await closeOpenWorkouts(h.db, { staleMs: STALE })).toEqual({ sets: 1, sessions: 1 });
    expect(await setOf(openSet)).toMatchObject({ reps: 3, endedAt: rep(3).at });
    expect(await setOf(doneSet)).toMatchObject({ reps: 5, endedAt: new Date(t0.getTime() + 30_000) });
    expect((await sessionOf(sessionId)).endedAt).toEqual(rep(3).at);
    expect(await closeOpenWorkouts(h.db, { staleMs: STALE })).toEqual({ sets: 0, sessions: 0 });
  });

  it('with several servers: closes what a gone server and its own previous run left, never a live neighbour’s set', async () => {
    await beat('srv-live', 1000); // heartbeating
    await beat('srv-dead', 120_000); // silent for two minutes
    await beat('srv-me', 2000); // this instance's previous run, killed a moment ago: its heartbeat is still fresh
    const live = await openSet('srv-live', 2);
    const dead = await openSet('srv-dead', 3);
    const mine = await openSet('srv-me', 1);
    const unknown = await openSet('srv-never-registered', 0);

    expect(await closeOpenWorkouts(h.db, { staleMs: STALE, gone: 'srv-me' })).toEqual({ sets: 3, sessions: 3 });
    expect(await setOf(live.setId)).toMatchObject({ endedAt: null, reps: 0 });
    expect((await sessionOf(live.sessionId)).endedAt).toBeNull();
    expect(await setOf(dead.setId)).toMatchObject({ reps: 3 });
    expect((await setOf(mine.setId)).endedAt).not.toBeNull();
    expect((await setOf(unknown.setId)).endedAt).not.toBeNull();

    // A sweep by the live server never closes its own open set, whatever its heartbeat says.
    await beat('srv-live', 120_000);
    expect(await closeOpenWorkouts(h.db, { staleMs: STALE, keep: 'srv-live' })).toEqual({ sets: 0, sessions: 0 });
    // A clean stop closes only its own.
    const other = await openSet('srv-other', 1);
    await beat('srv-other', 0);
    expect(await closeOwnWorkouts(h.db, 'srv-live')).toEqual({ sets: 1, sessions: 1 });
    expect((await setOf(other.setId)).endedAt).toBeNull();
    expect(await closeOwnWorkouts(h.db, 'srv-other')).toEqual({ sets: 1, sessions: 1 });
  });

  it('a surviving server closes a killed neighbour’s open set once its heartbeat is past the stale limit', async () => {
    const a = new ServerInstance(h.db, 'srv-a', { heartbeatMs: 50, staleMs: 400, log });
    const b = new ServerInstance(h.db, 'srv-b', { heartbeatMs: 50, staleMs: 400, log });
    await a.start();
    await b.start();
    const ofA = await openSet('srv-a', 2);
    const ofB = await openSet('srv-b', 1);
    await a.tick();
    await b.tick(); // A is alive: B's sweep leaves its set open
    expect((await setOf(ofA.setId)).endedAt).toBeNull();
    // A is "killed": it stops beating (no stop(), no clean close). B goes on beating and sweeping.
    const started = Date.now();
    b.run();
    try {
      await expect.poll(async () => (await setOf(ofA.setId)).endedAt, { timeout: 10_000, interval: 50 }).not.toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(300); // not before the stale limit
      expect(await setOf(ofA.setId)).toMatchObject({ reps: 2 });
      expect((await sessionOf(ofA.sessionId)).endedAt).not.toBeNull();
      expect((await setOf(ofB.setId)).endedAt).toBeNull(); // its own set stays open
    } finally {
      expect(await b.stop()).toEqual({ sets: 1, sessions: 1 });
    }
  });

  it('the replay floor is the last stored rep of that camera, not of another', async () => {
    const t = new Date('2026-12-05T08:00:00Z');
    await openSet('srv-x', 4, 'cam-floor-1', t);
    await openSet('srv-x', 2, 'cam-floor-2', new Date(t.getTime() + 60_000));
    expect(await lastStoredRepMs(h.db, 'cam-floor-1')).toBe(t.getTime() + 4 * 3000);
    expect(await lastStoredRepMs(h.db, 'cam-floor-2')).toBe(t.getTime() + 60_000 + 2 * 3000);
    expect(await lastStoredRepMs(h.db, 'cam-none')).toBeNull();
  });
});
