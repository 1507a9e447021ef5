import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { NS, type GymEvent } from '@gym/shared';
import { DB_PATHS } from '../testing/db.ts';
import { api, client, frame, login, nudge, PASSWORD, seedActors, sendFrame, startTestServer, trackAt, unitVec, workerClient, type Actors, type TestServer } from '../testing/server.ts';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { alerts, auditLog, embeddings, people, reps, sets, tracklets, users } from '../db/schema/index.ts';

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

describe.each(DB_PATHS)('REST + live API on the %s path', (path) => {
  let t: TestServer;
  let a: Actors;
  let w: Socket;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await startTestServer(path, { loginRatePerMin: 8 });
    a = await seedActors(t);
    w = await workerClient(t.url);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    w?.disconnect();
    await t?.close();
  });

  it('keeps the latest worker:stats per worker and serves it filtered by camera grants', async () => {
    const cam = (cameraId: string, fps: number) => ({ cameraId, decodedFrames: 100, analysedFps: fps, droppedFrames: 3, width: 640, height: 480, lastFrameTs: Date.now(), stageMs: { pose: 12 } });
    w.emit('worker:stats', { workerId: 'wk-stats', backend: 'webgl', at: Date.now() - 10, cameras: [cam('cam-a', 5), cam('cam-b', 6)] });
    w.emit('worker:stats', { workerId: 'wk-stats', backend: 'webgl', at: Date.now(), cameras: [cam('cam-a', 7.5), cam('cam-b', 8)] });
    let admin: any = null;
    await vi.waitFor(async () => {
      admin = await api(t, 'GET', '/api/workers/stats', a.admin);
      expect(admin.body.find((e: any) => e.stats.workerId === 'wk-stats')?.stats.cameras[0].analysedFps).toBe(7.5);
    });
    const mine = admin.body.find((e: any) => e.stats.workerId === 'wk-stats');
    expect(mine).toMatchObject({ stale: false, connects: 1, stats: { backend: 'webgl' } });
    expect(mine.stats.cameras.map((c: any) => c.cameraId)).toEqual(['cam-a', 'cam-b']);
    // The trainer is granted cam-a only; a member is refused.
    const tr = await api(t, 'GET', '/api/workers/stats', a.trainerA);
    expect(tr.body.find((e: any) => e.stats.workerId === 'wk-stats').stats.cameras.map((c: any) => c.cameraId)).toEqual(['cam-a']);
    expect((await api(t, 'GET', '/api/workers/stats', a.member1)).status).toBe(403);
    expect((await api(t, 'GET', '/api/workers/stats')).status).toBe(401);
  });

  it('lists alerts by camera grant and acknowledges them with who and when, once', async () => {
    const [onA] = await t.db.db.insert(alerts).values({ at: new Date(), kind: 'camera_down', severity: 'critical', cameraId: 'cam-a', personId: null, message: 'cam-a down' }).returning();
    const [onB] = await t.db.db.insert(alerts).values({ at: new Date(), kind: 'coach_red_flag', severity: 'warn', cameraId: 'cam-b', personId: null, message: 'red flag' }).returning();
    const tr = await api(t, 'GET', '/api/alerts?open=true', a.trainerA);
    expect(tr.status).toBe(200);
    const ids = tr.body.map((x: any) => x.id);
    expect(ids).toContain(String(onA!.id));
    expect(ids).not.toContain(String(onB!.id));
    // A trainer cannot acknowledge (or learn of) an alert on a camera they are not granted.
    expect((await api(t, 'POST', `/api/alerts/${onB!.id}/ack`, a.trainerA)).status).toBe(404);
    expect((await api(t, 'POST', '/api/alerts/not-a-number/ack', a.trainerA)).status).toBe(400);
    expect((await api(t, 'POST', `/api/alerts/${onA!.id}/ack`, a.member1)).status).toBe(403);
    const ack = await api(t, 'POST', `/api/alerts/${onA!.id}/ack`, a.trainerA);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: String(onA!.id), kind: 'camera_down', acknowledgedBy: expect.any(String), acknowledgedByEmail: expect.stringContaining('@') });
    // The list names who acknowledged too, and filters by kind.
    const listed = (await api(t, 'GET', '/api/alerts?kind=camera_down', a.admin)).body;
    expect(listed.every((x: any) => x.kind === 'camera_down')).toBe(true);
    expect(listed.find((x: any) => x.id === String(onA!.id)).acknowledgedByEmail).toBe(ack.body.acknowledgedByEmail);
    const flags = (await api(t, 'GET', '/api/alerts?kind=coach_red_flag', a.admin)).body;
    expect(flags.map((x: any) => x.id)).toContain(String(onB!.id));
    expect(flags.map((x: any) => x.id)).not.toContain(String(onA!.id));
    expect((await api(t, 'GET', '/api/alerts?kind=nonsense', a.admin)).status).toBe(400);
    expect(Date.parse(ack.body.acknowledgedAt)).toBeGreaterThan(Date.now() - 60_000);
    // A second acknowledgement (by the admin) keeps the first one.
    const again = await api(t, 'POST', `/api/alerts/${onA!.id}/ack`, a.admin);
    expect(again.body.acknowledgedBy).toBe(ack.body.acknowledgedBy);
    expect(again.body.acknowledgedAt).toBe(ack.body.acknowledgedAt);
    const open = await api(t, 'GET', '/api/alerts?open=true', a.admin);
    expect(open.body.map((x: any) => x.id)).not.toContain(String(onA!.id));
    expect(open.body.map((x: any) => x.id)).toContain(String(onB!.id));
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'alert.ack'));
    expect(audit.filter((r) => r.subjectId === String(onA!.id))).toHaveLength(1);
  });

  it('enforces who can read what (authorisation matrix)', async () => {
    const m1 = `/api/members/${a.member1Id}`;
    const m2 = `/api/members/${a.member2Id}`;
    const matrix: [string, string, string | undefined, number][] = [
      ['GET', '/api/members', undefined, 401],
      ['GET', '/api/members', a.member1, 403],
      ['GET', '/api/members', a.trainerA, 200],
      ['GET', '/api/members', a.admin, 200],
      ['GET', m1, a.member1, 200],
      ['GET', m2, a.member1, 403],
      ['GET', m1, a.trainerA, 200],
      ['GET', `${m2}/sets`, a.member1, 403],
      ['GET', `${m1}/sets`, a.member1, 200],
      ['GET', `${m1}/export`, a.member1, 200],
      ['GET', `${m1}/export`, a.member2, 403],
      ['GET', `${m1}/export`, a.trainerA, 403],
      ['GET', '/api/audit', a.trainerA, 403],
      ['GET', '/api/audit', a.admin, 200],
      ['GET', '/api/users', a.member1, 403],
      ['POST', '/api/cameras/cam-a/view', a.trainerA, 200],
      ['POST', '/api/cameras/cam-b/view', a.trainerA, 403],
      ['POST', '/api/cameras/cam-b/view', a.admin, 200],
      ['POST', '/api/cameras/cam-a/view', a.member1, 403],
      ['GET', '/api/people/live', a.member1, 403],
      ['GET', '/api/people/live', a.trainerA, 200],
      ['GET', '/api/alerts', a.member1, 403],
      ['GET', '/api/alerts', a.trainerA, 200],
      ['GET', '/metrics', undefined, 401],
      ['GET', '/metrics', a.member1, 403],
      ['GET', '/metrics', a.admin, 200],
      ['GET', '/health', undefined, 200],
      ['GET', '/api/me', 'garbage', 401],
      ['GET', '/api/system', undefined, 401],
      ['GET', '/api/system', a.member1, 200],
      ['GET', `${m1}/sets/00000000-0000-4000-8000-000000000000/clip`, a.member2, 403],
      ['GET', `${m1}/sets/00000000-0000-4000-8000-000000000000/clip`, a.member1, 404],
    ];
    const got = [];
    for (const [method, path_, token] of matrix) got.push([method, path_, token, (await api(t, method, path_, token)).status]);
    expect(got).toEqual(matrix);
    expect((await api(t, 'DELETE', m2, a.trainerA)).status).toBe(403);
    expect((await api(t, 'PUT', '/api/identity/threshold', a.trainerA, { faceMatchThreshold: 0.7 })).status).toBe(403);
    expect((await api(t, 'PUT', '/api/identity/threshold', a.admin, { faceMatchThreshold: 0.1 })).status).toBe(400);
    expect((await api(t, 'PUT', '/api/identity/threshold', a.admin, { faceMatchThreshold: 0.6 })).body).toEqual({ faceMatchThreshold: 0.6 });
    expect((await api(t, 'POST', '/api/users', a.trainerA, { email: 'x@example.test', password: PASSWORD, role: 'admin' })).status).toBe(403);
    // Staff see only the cameras they may watch.
    expect((await api(t, 'GET', '/api/cameras', a.trainerA)).body).toEqual([{ id: 'cam-a', name: 'A' }]);
    expect((await api(t, 'GET', '/api/cameras')).body).toHaveLength(3);
  });

  it('audits who viewed which camera and whose data', async () => {
    const rows = await t.db.db.select().from(auditLog);
    const trainer = (await t.db.db.select().from(users).where(eq(users.email, 'trainer@example.test')))[0]!;
    expect(rows).toContainEqual(expect.objectContaining({ actorUserId: trainer.id, action: 'camera.view', subjectType: 'camera', subjectId: 'cam-a' }));
    expect(rows).toContainEqual(expect.objectContaining({ actorUserId: trainer.id, action: 'member.read', subjectId: a.member1Id }));
    expect(rows.some((r) => r.action === 'camera.view' && r.subjectId === 'cam-b' && r.actorUserId === trainer.id)).toBe(false);
    // Nothing personal in the log.
    expect(JSON.stringify(rows)).not.toMatch(/Member One|one@example/);
  });

  it('rate-limits login and hides which emails exist', async () => {
    const bad = await api(t, 'POST', '/api/auth/login', undefined, { email: 'nobody@example.test', password: 'whatever-password' });
    expect(bad).toMatchObject({ status: 401, body: { error: { message: 'wrong email or password' } } });
    const wrongPw = await api(t, 'POST', '/api/auth/login', undefined, { email: 'one@example.test', password: 'whatever-password' });
    expect(wrongPw.body).toEqual(bad.body);
    let last = 0;
    for (let i = 0; i < 6; i++) last = (await api(t, 'POST', '/api/auth/login', undefined, { email: 'one@example.test', password: 'x' })).status;
    expect(last).toBe(429);
  });

  it('serves OpenAPI generated from the zod schemas', async () => {
    const doc = (await api(t, 'GET', '/docs/json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/members/{id}', '/api/members/{id}/faces', '/api/checkin']));
  });

  it('pushes live events only to staff of that camera and to the member concerned; counts reps into stored sets', async () => {
    await expect(client(t.url, NS.live, 'nope')).rejects.toThrow();
    const recv = async (token: string) => {
      const s = await client(t.url, NS.live, token);
      sockets.push(s);
      const got: GymEvent[] = [];
      s.on('event', (e) => got.push(e));
      return { s, got };
    };
    const trainer = await recv(a.trainerA); // cam-a only
    const admin = await recv(a.admin);
    const me = await recv(a.member1);
    const other = await recv(a.member2);
    expect(await trainer.s.emitWithAck('subscribe', { cameras: ['cam-b'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await me.s.emitWithAck('subscribe', { memberId: a.member2Id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    await t.app.ctx.members.recordConsent(a.member1Id, 'coaching', 'app', null);
    // Member one checks in on cam-c, then squats there.
    const qr = (await api(t, 'POST', '/api/me/checkin-token', a.member1)).body.token as string;
    const seq = generateSequence({ motion: 'squat', seed: 3, reps: 5, fps: 10, idleMs: 1500 });
    const t0 = Date.now() - 120_000;
    let n = 0;
    for (const f of seq.frames.slice(0, 5)) await sendFrame(w, frame('cam-c', n++, t0 + f.t, [trackAt(61, 0.15, 0.9)]));
    expect((await api(t, 'POST', '/api/checkin', a.admin, { token: qr, zoneId: 'desk' })).status).toBe(200);
    for (const f of seq.frames) await sendFrame(w, frame('cam-c', n++, t0 + f.t, [{ ...trackAt(61, 0.5, 0.9), skeleton: f.kp }]));
    // Person seen on cam-a too (the trainer's camera), never on cam-c for the trainer.
    for (let i = 0; i < 3; i++) await sendFrame(w, frame('cam-a', i, Date.now() + i * 200, [trackAt(71, 0.5, 0.9)]));
    // The roster: the admin sees member one squatting on cam-c; the trainer sees only the person on cam-a.
    const roster = (await api(t, 'GET', '/api/roster', a.admin)).body as any[];
    const mine = roster.find((e) => e.memberId === a.member1Id);
    expect(mine).toMatchObject({ cameraId: 'cam-c', exercise: 'squat', displayName: expect.any(String) });
    expect(mine.reps).toBeGreaterThanOrEqual(1);
    expect(Date.parse(mine.since)).toBeLessThanOrEqual(Date.parse(mine.lastSeenAt));
    const trRoster = (await api(t, 'GET', '/api/roster', a.trainerA)).body as any[];
    expect(trRoster.length).toBeGreaterThanOrEqual(1);
    expect(trRoster.every((e) => e.cameraId === 'cam-a' && e.exercise === null)).toBe(true);
    expect((await api(t, 'GET', '/api/roster', a.member1)).status).toBe(403);
    t.app.ctx.ingest.sweep(Date.now() + 60_000); // tracks end → open sets close
    await t.app.ctx.writer.drain();

    await vi.waitFor(() => expect(me.got.filter((e) => e.type === 'rep').length).toBe(5));
    expect(me.got.some((e) => e.type === 'identity.resolved' && e.memberId === a.member1Id)).toBe(true);
    await vi.waitFor(() => expect(me.got.filter((e) => e.type === 'set').map((e) => e.type === 'set' && [e.phase, e.reps])).toEqual([['started', 0], ['ended', 5]]));
    expect(admin.got.filter((e) => e.type === 'rep')).toHaveLength(5);
    expect(other.got).toEqual([]);
    expect(trainer.got.every((e) => e.type !== 'person.seen' || e.cameraId === 'cam-a')).toBe(true);
    expect(trainer.got.some((e) => e.type === 'person.seen' && e.cameraId === 'cam-a')).toBe(true);
    expect(trainer.got.some((e) => e.type === 'rep')).toBe(false);
    expect(me.got.every((e) => e.type !== 'person.seen' || e.cameraId === 'cam-c')).toBe(true);

    const mySets = (await api(t, 'GET', `/api/members/${a.member1Id}/sets`, a.member1)).body;
    expect(mySets).toHaveLength(1);
    expect(mySets[0]).toMatchObject({ exercise: 'squat', reps: 5 });
    expect(mySets[0].repLog).toHaveLength(5);

    // The set and the session ended on the real path: the coach (no key here, so the basic coach) summarised both
    // from the stored rows, and the session end reached the member live.
    await vi.waitFor(() => expect(me.got.some((e) => e.type === 'session' && e.memberId === a.member1Id)).toBe(true));
    await t.app.summaries.idle();
    const sums = (await api(t, 'GET', '/api/me/coach/summaries', a.member1)).body as any[];
    expect(sums.map((x) => [x.kind, x.source, x.headline]).sort()).toEqual([['session', 'basic', '1 set, 5 reps'], ['set', 'basic', '5 reps of squat']]);
    expect(me.got.filter((e) => e.type === 'coaching.message')).toHaveLength(2);
  });

  it('exports a member’s data and erases every trace of them', async () => {
    await api(t, 'POST', `/api/members/${a.member1Id}/consents`, a.member1, { kind: 'face_identification', evidence: 'signed form #7' });
    const face = unitVec(512, 77);
    expect((await api(t, 'POST', `/api/members/${a.member1Id}/faces`, a.admin, { model: 'faceres', embeddings: [face, nudge(face, 1, 0.05)] })).status).toBe(201);
    // A body embedding on the member's tracklet (from the squat above).
    const [p1] = await t.db.db.select().from(people).where(eq(people.memberId, a.member1Id));
    const [tl] = await t.db.db.select().from(tracklets).where(eq(tracklets.personId, p1!.id));
    await t.db.db.insert(embeddings).values({ kind: 'body', model: 'appearance-stripes-v1', dim: 4, vector: [1, 0, 0, 0], trackletId: tl!.id });
    await t.app.ctx.clips!.put(`${a.member1Id}/clip1.webm`, new Uint8Array([1, 2, 3]));
    await t.db.db.update(sets).set({ clipKey: `${a.member1Id}/clip1.webm` }).where(eq(sets.memberId, a.member1Id));

    const ex = await api(t, 'GET', `/api/members/${a.member1Id}/export`, a.member1);
    expect(ex.status).toBe(200);
    expect(ex.body).toMatchObject({ format: 'gym.member-export/1', member: { id: a.member1Id, displayName: 'Member One' } });
    expect(ex.body.sets).toHaveLength(1);
    expect(ex.body.reps).toHaveLength(5);
    expect(ex.body.enrolledFaces).toHaveLength(2);
    expect(ex.body.consents.length).toBeGreaterThanOrEqual(1);

    const er = await api(t, 'DELETE', `/api/members/${a.member1Id}`, a.admin);
    expect(er).toMatchObject({ status: 200, body: { people: 1, clips: 1 } });
    const count = async (q: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await t.db.db.execute(q))[0]!.n);
    expect(await count(sql`select count(*)::int as n from members where id = ${a.member1Id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from embeddings where member_id = ${a.member1Id} or person_id = ${p1!.id} or tracklet_id = ${tl!.id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from tracklets where person_id = ${p1!.id} or id = ${tl!.id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from people where id = ${p1!.id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from sets where member_id = ${a.member1Id} or person_id = ${p1!.id}`)).toBe(0);
    expect(await t.db.db.select().from(reps).where(eq(reps.memberId, a.member1Id))).toHaveLength(0);
    expect(await count(sql`select count(*)::int as n from users where email = 'one@example.test'`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from consents where member_id = ${a.member1Id}`)).toBe(0);
    expect(await t.app.ctx.clips!.get(`${a.member1Id}/clip1.webm`)).toBeNull();
    // The erased member's token no longer works; the audit row of the erasure stays.
    expect((await api(t, 'GET', '/api/me', a.member1)).status).toBe(401);
    expect(await count(sql`select count(*)::int as n from audit_log where action = 'member.erase' and subject_id = ${a.member1Id}`)).toBe(1);
    await expect(login(t.url, 'one@example.test')).rejects.toThrow(/401|429/);
  });
});
