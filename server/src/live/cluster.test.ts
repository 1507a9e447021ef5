/**
 * Two servers behind one gym: one PostgreSQL server, one Redis (Debian's redis-server, started here), socket.io's
 * Redis adapter. A worker sends frames to server 1; a console connected to server 2 sees the people it produced, and
 * a trainer on server 2 still sees only the cameras granted. Server 1 has no viewer of its own, so this also proves
 * the live socket's "only watched rooms" filter is off when clustered.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Socket } from 'socket.io-client';
import { NS, type GymEvent } from '@gym/shared';
import { createLogger } from '@gym/shared/logger.ts';
import { buildApp, type App } from '../app.ts';
import { openDb, type DbHandle } from '../db/client.ts';
import { freePort } from '../testing/db.ts';
import { startRedis, type TestRedis } from '../testing/redis.ts';
import { client, frame, seedActors, sendFrame, startTestServer, trackAt, workerClient, WORKER_TOKEN, type Actors, type TestServer } from '../testing/server.ts';

const JWT = 'cluster-test-secret-0123456789-0123456789';

function collect(s: Socket): GymEvent[] {
  const got: GymEvent[] = [];
  s.on('event', (e: GymEvent) => got.push(e));
  return got;
}

describe('two servers with the Redis adapter', () => {
  let redis: TestRedis;
  let s1: TestServer;
  let db2: DbHandle;
  let s2: App;
  let url2: string;
  let a: Actors;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    s1 = await startTestServer('postgres-server', { jwtSecret: JWT, redisUrl: redis.url });
    db2 = await openDb({ url: s1.db.url!, max: 2 });
    s2 = await buildApp({ db: db2.db, gym: s1.gym, logger: createLogger('test', { level: 'silent' }), workerTokens: [WORKER_TOKEN], jwtSecret: JWT, sweepEveryMs: 0, redisUrl: redis.url });
    await s2.http.listen({ host: '127.0.0.1', port: 0 });
    url2 = `http://127.0.0.1:${(s2.http.server.address() as { port: number }).port}`;
    a = await seedActors(s1);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await s2?.close();
    await db2?.close();
    await s1?.close();
    redis?.stop();
  });

  it('a console on server 2 sees the people a worker sends to server 1, within its camera grants', async () => {
    const admin = await client(url2, NS.live, a.admin);
    const trainer = await client(url2, NS.live, a.trainerA);
    sockets.push(admin, trainer);
    const adminGot = collect(admin);
    const trainerGot = collect(trainer);
    // Redis subscriptions of the rooms joined on server 2 are in place before the frames go out.
    await new Promise((r) => setTimeout(r, 300));

    const w = await workerClient(s1.url);
    sockets.push(w);
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) {
      expect((await sendFrame(w, frame('cam-a', i, t0 + i * 200, [trackAt(1, 0.3, 0.8)]))).ok).toBe(true);
      expect((await sendFrame(w, frame('cam-b', i, t0 + i * 200, [trackAt(1, 0.6, 0.8)]))).ok).toBe(true);
    }
    await vi.waitFor(() => {
      const cams = new Set(adminGot.filter((e) => e.type === 'person.seen').map((e) => e.type === 'person.seen' && e.cameraId));
      expect(cams).toEqual(new Set(['cam-a', 'cam-b']));
    }, { timeout: 10_000 });
    await vi.waitFor(() => expect(trainerGot.some((e) => e.type === 'person.seen' && e.cameraId === 'cam-a')).toBe(true));
    expect(trainerGot.every((e) => e.type !== 'person.seen' || e.cameraId === 'cam-a')).toBe(true);
  });

  it('an unreachable Redis is a start-up error naming REDIS_URL', async () => {
    const port = await freePort();
    await expect(
      buildApp({ db: db2.db, gym: s1.gym, logger: createLogger('test', { level: 'silent' }), sweepEveryMs: 0, redisUrl: `redis://127.0.0.1:${port}` }),
    ).rejects.toThrow(/REDIS_URL/);
  });
});
