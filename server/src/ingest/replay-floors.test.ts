/**
 * A worker fails over from a dying server to a *live* neighbour (two servers on one real PostgreSQL) and resends
 * its last 8 s (more than web-perception's sender resends, its in-flight frames, so that the replay spans whole
 * reps). The neighbour has been running all along, so no start-up floor helps: the camera's floor is taken when
 * the worker's first frame of it arrives there. The dying server's last rep never reached the database (its
 * writer's batch died with it); the neighbour counts it from the resent frames, and counts nothing the database
 * already holds a second time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { createLogger } from '@gym/shared/logger.ts';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { buildApp, type App } from '../app.ts';
import { openDb, type DbHandle } from '../db/client.ts';
import { reps, sets } from '../db/schema/index.ts';
import { frame, sendFrame, startTestServer, trackAt, workerClient, WORKER_TOKEN, type TestServer } from '../testing/server.ts';

describe('replay floor on a failover to a live server', () => {
  let s1: TestServer;
  let db2: DbHandle;
  let s2: App;
  let url2: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    s1 = await startTestServer('postgres-server', { replayFloors: true, instanceId: 'srv-1' });
    db2 = await openDb({ url: s1.db.url!, max: 2 });
    s2 = await buildApp({ db: db2.db, gym: s1.gym, logger: createLogger('test', { level: 'silent' }), workerTokens: [WORKER_TOKEN], sweepEveryMs: 0, replayFloors: true, instanceId: 'srv-2' });
    await s2.http.listen({ host: '127.0.0.1', port: 0 });
    url2 = `http://127.0.0.1:${(s2.http.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await s2?.close();
    await db2?.close();
    await s1?.close();
  });

  it('stores every rep of the set once: the lost last rep is counted by the neighbour, none twice', async () => {
    const seq = generateSequence({ motion: 'squat', seed: 11, reps: 12, fps: 10, idleMs: 1500 });
    const t0 = Date.now() + 120_000;
    const frames = seq.frames.map((f, i) => frame('cam-a', i, t0 + f.t, [{ ...trackAt(7, 0.5, 0.9), skeleton: f.kp }]));
    const send = async (s: Socket, from: number, to: number) => {
      for (let i = from; i < to; i++) expect((await sendFrame(s, frames[i])).ok).toBe(true);
    };
    const killAt = seq.frames.findIndex((f) => f.t > seq.truth.repEnds[5]! + 300);

    const w1 = await workerClient(s1.url);
    sockets.push(w1);
    await send(w1, 0, killAt);
    await s1.app.ctx.writer.drain();
    const stored = await s1.db.db.select().from(reps).orderBy(asc(reps.at));
    expect(stored).toHaveLength(6);
    // Server 1 dies: its 6th rep was still in its writer's batch, so it never reached the database.
    w1.disconnect();
    await s1.db.db.delete(reps).where(eq(reps.id, stored.at(-1)!.id));

    // The worker fails over to server 2 (running all along) and resends its last 8 s, then the set goes on.
    const w2 = await workerClient(url2);
    sockets.push(w2);
    await send(w2, Math.max(0, killAt - 80), frames.length);
    await s2.ctx.writer.drain();

    const all = await s1.db.db.select().from(reps);
    const times = all.map((r) => r.at.getTime()).sort((a, b) => a - b);
    expect(all).toHaveLength(12);
    expect(new Set(times).size).toBe(12);
    // Server 2's set holds the lost rep and the six after it; server 1's the five it stored.
    const bySet = await s1.db.db.select().from(sets);
    const owners = Object.fromEntries(bySet.map((st) => [st.owner, all.filter((r) => r.setId === st.id).length]));
    expect(owners).toEqual({ 'srv-1': 5, 'srv-2': 7 });
    expect(bySet.every((st) => st.cameraId === 'cam-a')).toBe(true);
  }, 120_000);
});
