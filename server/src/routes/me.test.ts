/**
 * The member's own data under /api/me/* (issue 17): who may call it, history numbers, consents (face data deleted at
 * once), export as a download, and self-erasure leaving no row that names the member or their account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { DB_PATHS } from '../testing/db.ts';
import { api, seedActors, startTestServer, unitVec, type Actors, type TestServer } from '../testing/server.ts';
import { alerts, coachingMessages, embeddings, memberProfiles, people, reps, sets, tracklets, users, workoutSessions } from '../db/schema/index.ts';

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
const T0 = Date.parse('2026-11-02T18:00:00Z');
const DAY = 86_400_000;

/** Two sessions of member data: day 1 squat 5+3 reps; day 2 squat 6 reps and a push-up set of 4. */
async function seedHistory(t: TestServer, memberId: string) {
  const db = t.db.db;
  const session = async (at: number) => (await db.insert(workoutSessions).values({ memberId, startedAt: new Date(at), endedAt: new Date(at + 1800_000) }).returning())[0]!.id;
  const set = async (sessionId: string, exercise: string, at: number, n: number, rom: number, clipKey: string | null = null) => {
    const [s] = await db.insert(sets).values({ sessionId, memberId, exercise, startedAt: new Date(at), endedAt: new Date(at + n * 3000), reps: n, clipKey }).returning();
    for (let i = 1; i <= n; i++)
      await db.insert(reps).values({ setId: s!.id, memberId, index: i, startedAt: new Date(at + (i - 1) * 3000), at: new Date(at + i * 3000), rom, concentricMs: 1000, eccentricMs: 1500 });
    return s!.id;
  };
  const s1 = await session(T0);
  await set(s1, 'squat', T0 + 60_000, 5, 0.8);
  await set(s1, 'squat', T0 + 300_000, 3, 0.6);
  const s2 = await session(T0 + DAY);
  const last = await set(s2, 'squat', T0 + DAY + 60_000, 6, 0.9, `${memberId}/c1.webm`);
  await set(s2, 'push_up', T0 + DAY + 400_000, 4, 0.7);
  return { s1, s2, last };
}

describe.each(DB_PATHS.filter((p) => p !== 'postgres'))('member self-service on the %s path', (path) => {
  let t: TestServer;
  let a: Actors;
  let h: Awaited<ReturnType<typeof seedHistory>>;
  beforeAll(async () => {
    t = await startTestServer(path);
    a = await seedActors(t);
    h = await seedHistory(t, a.member1Id);
    await seedHistory(t, a.member2Id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves /api/me/* to member accounts only, each their own', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/me/profile'],
      ['PUT', '/api/me/profile', { goals: 'run a 5k' }],
      ['GET', '/api/me/consents'],
      ['PUT', '/api/me/consents/clips', { granted: true }],
      ['PUT', '/api/me/screening', { answers: { heartCondition: false, chestPain: false, dizzinessOrFainting: false, chronicCondition: false, medication: false, boneJointProblem: false, supervisedOnly: false, pregnancy: false } }],
      ['GET', '/api/me/sets'],
      ['GET', '/api/me/sessions'],
      ['GET', '/api/me/progress'],
      ['GET', '/api/me/export'],
      ['DELETE', '/api/me', { confirm: 'ERASE' }],
    ];
    const got: string[] = [];
    const want: string[] = [];
    for (const [method, url, body] of routes) {
      for (const [who, token, expect_] of [['nobody', undefined, 401], ['garbage', 'not-a-token', 401], ['trainer', a.trainerA, 403], ['admin', a.admin, 403]] as const) {
        got.push(`${method} ${url} ${who} ${(await api(t, method, url, token, body)).status}`);
        want.push(`${method} ${url} ${who} ${expect_}`);
      }
      if (method !== 'DELETE') {
        got.push(`${method} ${url} member ${(await api(t, method, url, a.member2, body)).status}`);
        want.push(`${method} ${url} member 200`);
      }
    }
    expect(got).toEqual(want);
    // Member two's changes stayed theirs; member one sees only their own sets and profile.
    expect((await api(t, 'GET', '/api/me/profile', a.member1)).body).toMatchObject({ memberId: a.member1Id, displayName: 'Member One', goals: '' });
    expect((await api(t, 'GET', '/api/me/profile', a.member2)).body).toMatchObject({ memberId: a.member2Id, goals: 'run a 5k' });
    const mine = (await api(t, 'GET', '/api/me/sets', a.member1)).body as { id: string }[];
    const [own] = await t.db.db.select({ n: sql<number>`count(*)::int` }).from(sets).where(eq(sets.memberId, a.member1Id));
    expect(mine).toHaveLength(Number(own!.n));
    const theirs = await t.db.db.select({ id: sets.id }).from(sets).where(eq(sets.memberId, a.member2Id));
    expect(mine.some((s) => theirs.some((x) => x.id === s.id))).toBe(false);
  });

  it('answers 400 naming the field', async () => {
    const cases: [string, string, unknown, string][] = [
      ['PUT', '/api/me/profile', { goals: 'x'.repeat(1001) }, 'goals'],
      ['PUT', '/api/me/profile', { injuryNotes: 'knee\u0000' }, 'injuryNotes'],
      ['PUT', '/api/me/consents/clips', { granted: 'yes' }, 'granted'],
      ['PUT', '/api/me/consents/telepathy', { granted: true }, 'kind'],
      ['PUT', '/api/me/screening', { answers: { heartCondition: false } }, 'chestPain'],
      ['GET', '/api/me/sets?limit=0', undefined, 'limit'],
      ['DELETE', '/api/me', { confirm: 'erase' }, 'confirm'],
      ['DELETE', '/api/me', undefined, 'body'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await api(t, method, url, a.member1, body);
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.error.message).toContain(field);
    }
    expect((await api(t, 'GET', '/api/me', a.member1)).status).toBe(200); // not erased by a bad confirmation
  });

  it('lists sets with their reps, sessions with volume, and per-exercise progress for charts', async () => {
    const st = (await api(t, 'GET', '/api/me/sets?limit=2', a.member1)).body;
    expect(st.map((s: any) => [s.exercise, s.reps, s.repList.length, s.clipAvailable])).toEqual([['push_up', 4, 4, false], ['squat', 6, 6, true]]);
    expect(st[1].repList[0]).toEqual({ count: 1, startTs: T0 + DAY + 60_000, endTs: T0 + DAY + 63_000, rom: expect.closeTo(0.9, 5), concentricMs: 1000, eccentricMs: 1500 });

    const ss = (await api(t, 'GET', '/api/me/sessions', a.member1)).body;
    expect(ss.map((s: any) => s.id)).toEqual([h.s2, h.s1]);
    expect(ss[0]).toMatchObject({ sets: 2, reps: 10, exercises: ['squat', 'push_up'], timeUnderTensionS: 25 });
    expect(ss[0].perExercise).toEqual([{ exercise: 'squat', sets: 1, reps: 6, timeUnderTensionS: 15 }, { exercise: 'push_up', sets: 1, reps: 4, timeUnderTensionS: 10 }]);
    expect(ss[1]).toMatchObject({ sets: 2, reps: 8, exercises: ['squat'], timeUnderTensionS: 20 });

    const pr = (await api(t, 'GET', '/api/me/progress', a.member1)).body;
    const squat = pr.find((p: any) => p.exercise === 'squat');
    expect(squat.points.map((p: any) => [p.sessionId, p.sets, p.reps, p.bestSetReps, p.meanRom, p.meanRepMs])).toEqual([
      [h.s1, 2, 8, 5, 0.725, 2500],
      [h.s2, 1, 6, 6, 0.9, 2500],
    ]);
    const only = (await api(t, 'GET', '/api/me/progress?exercise=push_up', a.member1)).body;
    expect(only).toEqual([{ exercise: 'push_up', points: [expect.objectContaining({ sessionId: h.s2, reps: 4, bestSetReps: 4 })] }]);
  });

  it('updates goals, notes and the screening; a "yes" holds intensity advice until cleared', async () => {
    const p = (await api(t, 'PUT', '/api/me/profile', a.member1, { injuryNotes: 'sore left shoulder' })).body;
    expect(p).toMatchObject({ goals: '', injuryNotes: 'sore left shoulder', needsClearance: false, screening: null, screeningDue: true, screeningDueAt: null });
    const answers = { heartCondition: false, chestPain: true, dizzinessOrFainting: false, chronicCondition: false, medication: false, boneJointProblem: false, supervisedOnly: false, pregnancy: false };
    const s = (await api(t, 'PUT', '/api/me/screening', a.member1, { answers })).body;
    expect(s).toMatchObject({ injuryNotes: 'sore left shoulder', needsClearance: true, screening: { answers, notes: '' } });
    expect(Date.parse(s.screenedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Answered now: due again in 12 months.
    expect(s.screeningDue).toBe(false);
    expect(new Date(s.screeningDueAt).getUTCFullYear()).toBe(new Date(s.screenedAt).getUTCFullYear() + 1);
    // Staff read it (audited) and clear the hold; members cannot clear themselves or read another's.
    const m1 = `/api/members/${a.member1Id}`;
    expect((await api(t, 'GET', `${m1}/profile`, a.trainerA)).body).toMatchObject({ needsClearance: true, screening: { answers } });
    expect((await api(t, 'GET', `${m1}/profile`, a.member2)).status).toBe(403);
    expect((await api(t, 'POST', `${m1}/clearance`, a.member1)).status).toBe(403);
    expect((await api(t, 'POST', `${m1}/clearance`)).status).toBe(401);
    expect((await api(t, 'POST', '/api/members/00000000-0000-4000-8000-000000000000/clearance', a.trainerA)).status).toBe(404);
    const cleared = await api(t, 'POST', `${m1}/clearance`, a.trainerA);
    expect(cleared).toMatchObject({ status: 200, body: { needsClearance: false, screening: { answers } } });
    expect((await api(t, 'GET', '/api/me/profile', a.member1)).body.needsClearance).toBe(false);
    const [row] = await t.db.db.select().from(memberProfiles).where(eq(memberProfiles.memberId, a.member1Id));
    expect(row).toMatchObject({ clearedBy: expect.any(String), clearedAt: expect.any(Date) });
    // New answers with a "yes" hold again; all "no" lift it.
    expect((await api(t, 'PUT', '/api/me/screening', a.member1, { answers })).body.needsClearance).toBe(true);
    expect((await api(t, 'PUT', '/api/me/screening', a.member1, { answers: { ...answers, chestPain: false } })).body.needsClearance).toBe(false);
  });

  it('a screening answered 12 months ago or more is due again (for the member and for staff); answering it again ends that', async () => {
    const answers = { heartCondition: false, chestPain: false, dizzinessOrFainting: false, chronicCondition: false, medication: false, boneJointProblem: false, supervisedOnly: false, pregnancy: false };
    await api(t, 'PUT', '/api/me/screening', a.member1, { answers });
    const yearAgo = new Date(Date.now() - 366 * 86_400_000);
    await t.db.db.update(memberProfiles).set({ screenedAt: yearAgo }).where(eq(memberProfiles.memberId, a.member1Id));
    const due = (await api(t, 'GET', '/api/me/profile', a.member1)).body;
    expect(due).toMatchObject({ screeningDue: true, needsClearance: false });
    expect(Date.parse(due.screeningDueAt)).toBeLessThan(Date.now());
    expect((await api(t, 'GET', `/api/members/${a.member1Id}/profile`, a.trainerA)).body).toMatchObject({ screeningDue: true });
    const again = (await api(t, 'PUT', '/api/me/screening', a.member1, { answers })).body;
    expect(again).toMatchObject({ screeningDue: false });
    expect(Date.parse(again.screeningDueAt)).toBeGreaterThan(Date.now() + 360 * 86_400_000);
  });

  it('withdrawing face identification deletes the face data at once', async () => {
    const grant = await api(t, 'PUT', '/api/me/consents/face_identification', a.member1, { granted: true });
    expect(grant.body.find((c: any) => c.kind === 'face_identification')).toMatchObject({ granted: true });
    expect((await api(t, 'POST', `/api/members/${a.member1Id}/faces`, a.admin, { model: 'faceres', embeddings: [unitVec(128, 5), unitVec(128, 6)] })).status).toBe(201);
    expect(await t.app.ctx.embeddings.countFor({ memberId: a.member1Id })).toBe(2);
    const off = await api(t, 'PUT', '/api/me/consents/face_identification', a.member1, { granted: false });
    expect(off.status).toBe(200);
    expect(off.body.find((c: any) => c.kind === 'face_identification')).toMatchObject({ granted: false, changedAt: expect.any(String) });
    expect(await t.app.ctx.embeddings.countFor({ memberId: a.member1Id })).toBe(0);
    expect(await t.app.ctx.members.hasConsent(a.member1Id, 'face_identification')).toBe(false);
    // Granting twice keeps one open grant; a refusal of a never-given consent is recorded as an answer.
    await api(t, 'PUT', '/api/me/consents/coaching', a.member1, { granted: true });
    await api(t, 'PUT', '/api/me/consents/coaching', a.member1, { granted: true });
    const open = await t.db.db.execute(sql`select count(*)::int as n from consents where member_id = ${a.member1Id} and kind = 'coaching' and revoked_at is null`);
    expect(Number(rowsOf<{ n: number }>(open)[0]!.n)).toBe(1);
    const bt = (await api(t, 'PUT', '/api/me/consents/body_tracking', a.member1, { granted: false })).body.find((c: any) => c.kind === 'body_tracking');
    expect(bt).toMatchObject({ granted: false, changedAt: expect.any(String) });
  });

  it('exports everything as a JSON download', async () => {
    const r = await fetch(`${t.url}/api/me/export`, { headers: { authorization: `Bearer ${a.member1}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="smart-gym-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await r.json()) as any;
    expect(body).toMatchObject({ format: 'gym.member-export/1', member: { id: a.member1Id }, profile: { injuryNotes: 'sore left shoulder' } });
    expect(body.sets).toHaveLength(4);
    expect(body.reps).toHaveLength(18);
    expect(body.consents.map((c: any) => c.kind)).toEqual(expect.arrayContaining(['face_identification', 'coaching', 'body_tracking']));
  });

  it('erases the member themself: no row names them or their account afterwards', async () => {
    const db = t.db.db;
    const m = a.member1Id;
    const [u] = await db.select().from(users).where(eq(users.memberId, m));
    // Traces of being seen: a person with a tracklet, a body embedding, a face, a coach message, an alert, a clip.
    const [p] = await db.insert(people).values({ gymId: t.gym.gym.id, memberId: m, firstSeenAt: new Date(), lastSeenAt: new Date() }).returning();
    const [tl] = await db.insert(tracklets).values({ personId: p!.id, cameraId: 'cam-a', trackId: 9, startedAt: new Date(), endedAt: new Date() }).returning();
    await db.insert(embeddings).values({ kind: 'body', model: 'appearance-stripes-v1', dim: 4, vector: [1, 0, 0, 0], trackletId: tl!.id });
    await db.insert(embeddings).values({ kind: 'body', model: 'appearance-stripes-v1', dim: 4, vector: [0, 1, 0, 0], personId: p!.id });
    await api(t, 'PUT', '/api/me/consents/face_identification', a.member1, { granted: true });
    await api(t, 'POST', `/api/members/${m}/faces`, a.admin, { model: 'faceres', embeddings: [unitVec(128, 9)] });
    await db.insert(coachingMessages).values({ memberId: m, role: 'user', content: 'my knee hurts' });
    await db.insert(alerts).values({ at: new Date(), kind: 'custom', severity: 'info', message: 'seen', memberId: m, personId: p!.id });
    await t.app.ctx.clips!.put(`${m}/c1.webm`, new Uint8Array([1, 2, 3]));
    await api(t, 'POST', '/api/me/push/subscriptions', a.member1, { endpoint: 'https://push.example.test/s/1', keys: { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) } });

    const res = await api(t, 'DELETE', '/api/me', a.member1, { confirm: 'ERASE' });
    expect(res).toEqual({ status: 200, body: { people: 1, tracklets: 1, clips: 1 } });

    // Every column that points at a member or a user (found in the catalogue, so a new table is checked too).
    const cols = rowsOf<{ table_name: string; column_name: string }>(
      await db.execute(sql`select table_name, column_name from information_schema.columns where table_schema = 'public'
        and column_name in ('member_id', 'user_id', 'recorded_by', 'created_by', 'cleared_by', 'acknowledged_by') order by 1, 2`),
    );
    expect(cols.map((c) => c.table_name)).toEqual(expect.arrayContaining(['push_subscriptions', 'consents', 'member_profiles', 'member_invites', 'sets', 'reps', 'coaching_messages', 'embeddings', 'people', 'users', 'workout_sessions']));
    const left: string[] = [];
    for (const c of cols) {
      const id = c.column_name === 'member_id' ? m : u!.id;
      const n = Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${sql.identifier(c.table_name)} where ${sql.identifier(c.column_name)}::text = ${id}`))[0]!.n);
      if (n) left.push(`${c.table_name}.${c.column_name}: ${n}`);
    }
    expect(left).toEqual([]);
    const count = async (q: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await db.execute(q))[0]!.n);
    expect(await count(sql`select count(*)::int as n from members where id = ${m}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from users where id = ${u!.id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from people where id = ${p!.id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from tracklets where id = ${tl!.id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from embeddings where tracklet_id = ${tl!.id} or person_id = ${p!.id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from alerts where person_id = ${p!.id}`)).toBe(0);
    expect(await t.app.ctx.clips!.get(`${m}/c1.webm`)).toBeNull();
    // Member two is untouched; the erased token no longer works; the audit row of the erasure stays (ids only).
    expect((await api(t, 'GET', '/api/me/sets', a.member2)).body).toHaveLength(4);
    expect((await api(t, 'GET', '/api/me/profile', a.member1)).status).toBe(401);
    expect(await count(sql`select count(*)::int as n from audit_log where action = 'member.erase' and subject_id = ${m} and actor_user_id = ${u!.id}`)).toBe(1);
  });
});
