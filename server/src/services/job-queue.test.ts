/**
 * Durable delivery (issue 15): summaries and pushes are jobs in the database. A job stored by a server that stops
 * before running it is done once by the next server on the same data directory; a failing push service is retried
 * with backoff; a job that keeps failing goes dead and admins see it; a push service's 410 deletes the subscription.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { coachingMessages, deliveryJobs, pushSubscriptions, reps, sets, workoutSessions } from '../db/schema/index.ts';
import { api, seedActors, startTestServer, type Actors, type TestServer } from '../testing/server.ts';
import { browserKeys, fakePushService } from '../testing/push-service.ts';
import { generateVapidKeys } from './push.service.ts';
import { retryDelayMs } from './job-queue.service.ts';
// @ts-expect-error http_ece (web-push's own dependency) ships no types
import ece from 'http_ece';

const vapid = generateVapidKeys('mailto:ops@example.test');

async function storeSet(t: TestServer, memberId: string, n: number) {
  const at = new Date();
  const sessionId = randomUUID();
  const setId = randomUUID();
  await t.db.db.insert(workoutSessions).values({ id: sessionId, memberId, startedAt: at });
  await t.db.db.insert(sets).values({ id: setId, sessionId, memberId, exercise: 'squat', startedAt: at, reps: n });
  await t.db.db.insert(reps).values(Array.from({ length: n }, (_, i) => ({ setId, memberId, at, index: i + 1, startedAt: at, rom: 0.9, concentricMs: 1000, eccentricMs: 2000, form: [] })));
  return setId;
}

it('retry delays double from the base up to the cap', () => {
  expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 100, 1000))).toEqual([100, 200, 400, 800, 1000]);
});

describe('a job stored before a restart', () => {
  let dir = '';
  let push: Awaited<ReturnType<typeof fakePushService>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gym-jobs-'));
    push = await fakePushService();
  });
  afterAll(async () => {
    await push?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is delivered once by the next server on the same data directory', async () => {
    const phone = browserKeys();
    // Server 1 stores the job (its queue does not run: as if it crashed right after the set ended) and stops.
    const t1 = await startTestServer('pglite', { push: { vapid, agent: push.agent }, jobs: { autostart: false } }, { dataDir: dir });
    let memberId = '';
    let setId = '';
    try {
      const a: Actors = await seedActors(t1);
      memberId = a.member1Id;
      await t1.app.ctx.members.recordConsent(memberId, 'coaching', 'app', null);
      expect((await api(t1, 'POST', '/api/me/push/subscriptions', a.member1, { endpoint: `${push.origin}/sub/phone`, keys: phone.keys })).status).toBe(201);
      setId = await storeSet(t1, memberId, 9);
      t1.app.ctx.bus.emit({ type: 'set', at: Date.now(), phase: 'ended', personId: randomUUID(), memberId, setId, exercise: 'squat', reps: 9 });
      await t1.app.ctx.jobs.settled();
      const jobs = await t1.db.db.select().from(deliveryJobs);
      expect(jobs.map((j) => [j.kind, j.state, j.attempts])).toEqual([['coach.set_summary', 'pending', 0]]);
    } finally {
      await t1.close();
    }
    expect(push.got).toHaveLength(0);

    // Server 2 on the same files: the summary is written and its push delivered, once.
    const t2 = await startTestServer('pglite', { push: { vapid, agent: push.agent }, jobs: { pollMs: 50 } }, { dataDir: dir });
    try {
      await expect.poll(() => push.got.length, { timeout: 10_000 }).toBe(1);
      await t2.app.summaries.idle();
      const summaries = await t2.db.db.select().from(coachingMessages).where(eq(coachingMessages.refId, setId));
      expect(summaries).toHaveLength(1);
      expect(summaries[0]!.summary!.headline).toBe('9 reps of squat');
      const plain = ece.decrypt(push.got[0]!.body, { version: 'aes128gcm', privateKey: phone.ecdh, authSecret: phone.auth.toString('base64url') }) as Buffer;
      expect(JSON.parse(plain.toString('utf8'))).toMatchObject({ title: 'Set summary', body: '9 reps of squat', tag: `set_summary:${setId}` });
      const jobs = await t2.db.db.select().from(deliveryJobs);
      expect(jobs.map((j) => [j.kind, j.state, j.attempts]).sort()).toEqual([['coach.set_summary', 'done', 1], ['push', 'done', 1]]);
      // The same set ending again (a replayed event) queues nothing new.
      t2.app.ctx.bus.emit({ type: 'set', at: Date.now(), phase: 'ended', personId: randomUUID(), memberId, setId, exercise: 'squat', reps: 9 });
      await t2.app.summaries.idle();
      expect(await t2.db.db.select().from(deliveryJobs)).toHaveLength(2);
      expect(push.got).toHaveLength(1);
    } finally {
      await t2.close();
    }
  }, 60_000);
});

describe('push jobs against a failing push service', () => {
  let t: TestServer;
  let a: Actors;
  let push: Awaited<ReturnType<typeof fakePushService>>;
  beforeAll(async () => {
    // /flaky/: 500 twice, then 201. /down/: always 503. /gone/: 410.
    push = await fakePushService((path, nth) => (path.startsWith('/flaky/') ? (nth <= 2 ? 500 : 201) : path.startsWith('/down/') ? 503 : path.startsWith('/gone/') ? 410 : 201));
    t = await startTestServer('pglite', { push: { vapid, agent: push.agent }, jobs: { pollMs: 20, backoffMs: 60, maxBackoffMs: 1_000, maxAttempts: 3 } });
    a = await seedActors(t);
  });
  afterAll(async () => {
    await t?.close();
    await push?.close();
  });

  const subscribe = async (memberToken: string, path: string) =>
    (await api(t, 'POST', '/api/me/push/subscriptions', memberToken, { endpoint: `${push.origin}${path}`, keys: browserKeys().keys })).body.id as string;
  const jobsOf = (subscriptionId: string) => t.db.db.select().from(deliveryJobs).then((js) => js.filter((j) => j.payload.subscriptionId === subscriptionId));

  it('retries with growing delays until the push service takes it', async () => {
    const sub = await subscribe(a.member1, '/flaky/1');
    expect(await t.app.ctx.push.enqueue(a.member1Id, { title: 'Set summary', body: '8 reps', tag: 'flaky' })).toBe(1);
    await expect.poll(async () => (await jobsOf(sub))[0]?.state, { timeout: 10_000 }).toBe('done');
    const [job] = await jobsOf(sub);
    expect(job!.attempts).toBe(3);
    const times = push.got.filter((g) => g.path === '/flaky/1').map((g) => g.at);
    expect(times).toHaveLength(3);
    // Backoff: at least 60 ms before the 2nd attempt, at least 120 ms before the 3rd.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(55);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(115);
  });

  it('goes dead after the last attempt; admins list it and may run it again, nobody else sees it', async () => {
    const sub = await subscribe(a.member2, '/down/1');
    await t.app.ctx.push.enqueue(a.member2Id, { title: 'Set summary', body: '5 reps' });
    await expect.poll(async () => (await jobsOf(sub))[0]?.state, { timeout: 10_000 }).toBe('dead');
    const [job] = await jobsOf(sub);
    expect(job).toMatchObject({ attempts: 3, lastError: 'Error: push service answered 503' });
    expect(push.got.filter((g) => g.path === '/down/1')).toHaveLength(3);

    const listed = await api(t, 'GET', '/api/admin/jobs?state=dead', a.admin);
    expect(listed.status).toBe(200);
    expect(listed.body).toContainEqual(expect.objectContaining({ id: job!.id, kind: 'push', memberId: a.member2Id, state: 'dead', attempts: 3 }));
    expect(JSON.stringify(listed.body)).not.toContain('5 reps');
    expect((await api(t, 'GET', '/api/admin/jobs?state=dead', a.trainerA)).status).toBe(403);
    expect((await api(t, 'GET', '/api/admin/jobs?state=dead', a.member2)).status).toBe(403);
    expect((await api(t, 'GET', '/api/admin/jobs?state=lost', a.admin)).body.error.message).toContain('state');

    const again = await api(t, 'POST', `/api/admin/jobs/${job!.id}/retry`, a.admin);
    expect(again.body).toMatchObject({ id: job!.id, attempts: 0 });
    await expect.poll(() => push.got.filter((g) => g.path === '/down/1').length, { timeout: 10_000 }).toBe(6);
    expect((await api(t, 'POST', `/api/admin/jobs/${randomUUID()}/retry`, a.admin)).status).toBe(404);
  });

  it('a 410 Gone deletes that subscription and ends the job without retrying', async () => {
    const gone = await subscribe(a.member1, '/gone/old');
    await t.app.ctx.push.enqueue(a.member1Id, { title: 'Set summary', body: '7 reps', tag: 'gone-test' });
    await expect.poll(async () => (await jobsOf(gone))[0]?.state, { timeout: 10_000 }).toBe('done');
    expect((await jobsOf(gone))[0]!.attempts).toBe(1);
    expect(push.got.filter((g) => g.path === '/gone/old')).toHaveLength(1);
    expect(await t.db.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, gone))).toEqual([]);
  });
});
