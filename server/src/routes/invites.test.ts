/**
 * Joining by invite (issue 17): staff make a link, the member previews it, accepts with a password, every consent
 * answer, the health screening and goals, and is signed in; the invite works once and not after it expired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { DB_PATHS } from '../testing/db.ts';
import { api, login, seedActors, startTestServer, type Actors, type TestServer } from '../testing/server.ts';
import { auditLog, consents, memberInvites, users } from '../db/schema/index.ts';
import { hashInviteToken } from '../services/invites.service.ts';

const NEW_PASSWORD = 'my own long password';
const noes = { heartCondition: false, chestPain: false, dizzinessOrFainting: false, chronicCondition: false, medication: false, boneJointProblem: false, supervisedOnly: false, pregnancy: false };
const acceptBody = (email: string, over: Record<string, unknown> = {}) => ({
  email,
  password: NEW_PASSWORD,
  consents: { face_identification: false, body_tracking: true, coaching: true, clips: false },
  screening: { answers: { ...noes, boneJointProblem: true }, notes: 'left knee surgery 2024' },
  goals: 'ten push-ups in a row',
  ...over,
});

describe.each(DB_PATHS.filter((p) => p !== 'postgres'))('invites and joining on the %s path', (path) => {
  let t: TestServer;
  let a: Actors;
  let newMemberId: string;
  const invite = async (memberId: string, token = a.trainerA, query = '') => api(t, 'POST', `/api/members/${memberId}/invites${query}`, token);
  beforeAll(async () => {
    t = await startTestServer(path);
    a = await seedActors(t);
    newMemberId = (await t.app.ctx.members.create(t.gym.gym.id, 'Nora New', 'nora@front-desk.test')).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets only staff make an invite, for a member without an account', async () => {
    expect((await api(t, 'POST', `/api/members/${newMemberId}/invites`)).status).toBe(401);
    expect((await invite(newMemberId, a.member1)).status).toBe(403);
    expect((await invite('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await invite(a.member1Id)).body).toMatchObject({ error: { code: 'ALREADY_JOINED' } });
    expect((await invite(newMemberId, a.trainerA, '?days=0')).status).toBe(400);
  });

  it('hands out a 32-byte token once, stores only its hash, links the member app join screen', async () => {
    const res = await invite(newMemberId, a.admin);
    expect(res.status).toBe(201);
    const { token, url, expiresAt } = res.body;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(url).toBe(`${t.url}/apps/member/#/join/${token}`);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    const rows = await t.db.db.select().from(memberInvites).where(eq(memberInvites.memberId, newMemberId));
    expect(rows.map((r) => r.tokenHash)).toContain(hashInviteToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('previews without an account; unknown, replaced and expired invites answer 404', async () => {
    const first = (await invite(newMemberId)).body.token as string;
    expect(await api(t, 'GET', `/api/invites/${first}`)).toMatchObject({ status: 200, body: { displayName: 'Nora New', gymName: 'Test Gym' } });
    const second = (await invite(newMemberId)).body.token as string;
    expect((await api(t, 'GET', `/api/invites/${first}`)).status).toBe(404); // a newer link replaces it
    expect((await api(t, 'GET', `/api/invites/${second}`)).status).toBe(200);
    expect((await api(t, 'GET', `/api/invites/${'x'.repeat(43)}`)).status).toBe(404);
    expect((await api(t, 'GET', '/api/invites/short')).status).toBe(400);
    await t.db.db.update(memberInvites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(memberInvites.tokenHash, hashInviteToken(second)));
    expect((await api(t, 'GET', `/api/invites/${second}`)).status).toBe(404);
    expect((await api(t, 'POST', `/api/invites/${second}/accept`, undefined, acceptBody('nora@example.test'))).status).toBe(404);
    expect(await t.app.ctx.users.byMemberId(newMemberId)).toBeNull();
  });

  it('refuses a bad join form with 400 naming the field, and a taken email with 409 (the invite stays usable)', async () => {
    const token = (await invite(newMemberId)).body.token as string;
    const accept = (body: unknown) => api(t, 'POST', `/api/invites/${token}/accept`, undefined, body);
    const cases: [unknown, string][] = [
      [acceptBody('nora@example.test', { password: 'short' }), 'password'],
      [acceptBody('not-an-email'), 'email'],
      [acceptBody('nora@example.test', { goals: 'run\uD800' }), 'goals'],
      [acceptBody('nora@example.test', { consents: { face_identification: true, body_tracking: true, coaching: true } }), 'consents'],
      [acceptBody('nora@example.test', { screening: { answers: { ...noes, chestPain: 'no' } } }), 'chestPain'],
    ];
    for (const [body, field] of cases) {
      const res = await accept(body);
      expect([field, res.status]).toEqual([field, 400]);
      expect(res.body.error.message).toContain(field);
    }
    expect((await accept(acceptBody('one@example.test'))).status).toBe(409);
    expect((await api(t, 'GET', `/api/invites/${token}`)).status).toBe(200);
  });

  it('joins: account, every consent answer, screening and goals stored; signed in; the invite is used up', async () => {
    const token = (await invite(newMemberId)).body.token as string;
    const res = await api(t, 'POST', `/api/invites/${token}/accept`, undefined, acceptBody('Nora@Example.test'));
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: 'nora@example.test', role: 'member', memberId: newMemberId });
    const me = res.body.accessToken as string;
    expect((await api(t, 'GET', '/api/me', me)).body).toMatchObject({ memberId: newMemberId, role: 'member' });

    const consentsNow = (await api(t, 'GET', '/api/me/consents', me)).body as { kind: string; granted: boolean; changedAt: string | null }[];
    expect(Object.fromEntries(consentsNow.map((c) => [c.kind, c.granted]))).toEqual({ face_identification: false, body_tracking: true, coaching: true, clips: false });
    expect(consentsNow.every((c) => c.changedAt !== null)).toBe(true); // refusals are recorded answers too
    const rows = await t.db.db.select().from(consents).where(eq(consents.memberId, newMemberId));
    expect(rows.filter((r) => r.refused).map((r) => r.kind).sort()).toEqual(['clips', 'face_identification']);
    expect(await t.app.ctx.members.hasConsent(newMemberId, 'face_identification')).toBe(false);
    expect(await t.app.ctx.members.hasConsent(newMemberId, 'coaching')).toBe(true);

    const profile = (await api(t, 'GET', '/api/me/profile', me)).body;
    expect(profile).toMatchObject({ memberId: newMemberId, displayName: 'Nora New', email: 'nora@example.test', goals: 'ten push-ups in a row', needsClearance: true });
    expect(profile.screening).toEqual({ answers: { ...noes, boneJointProblem: true }, notes: 'left knee surgery 2024' });

    // The password is hashed (argon2id, as users.service does) and works for login.
    const [u] = await t.db.db.select().from(users).where(eq(users.memberId, newMemberId));
    expect(u!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await login(t.url, 'nora@example.test', NEW_PASSWORD)).toEqual(expect.any(String));

    // Used once: a second accept and the preview answer 404; no second account.
    expect((await api(t, 'POST', `/api/invites/${token}/accept`, undefined, acceptBody('nora2@example.test'))).status).toBe(404);
    expect((await api(t, 'GET', `/api/invites/${token}`)).status).toBe(404);
    expect((await invite(newMemberId)).status).toBe(409);
    const n = await t.db.db.execute(sql`select count(*)::int as n from users where member_id = ${newMemberId}`);
    expect(Number((Array.isArray(n) ? n : (n as { rows: { n: number }[] }).rows)[0]!.n)).toBe(1);
  });

  it('lets only one of two simultaneous accepts of the same invite join', async () => {
    const racer = (await t.app.ctx.members.create(t.gym.gym.id, 'Rita Race', null)).id;
    const token = (await invite(racer)).body.token as string;
    const res = await Promise.all(['rita1@example.test', 'rita2@example.test'].map((e) => api(t, 'POST', `/api/invites/${token}/accept`, undefined, acceptBody(e))));
    expect(res.map((r) => r.status).sort()).toEqual([201, 404]);
    const n = await t.db.db.execute(sql`select count(*)::int as n from users where member_id = ${racer}`);
    expect(Number((Array.isArray(n) ? n : (n as { rows: { n: number }[] }).rows)[0]!.n)).toBe(1);
  });

  it('lists the joining, self-service and push routes in OpenAPI', async () => {
    const doc = (await api(t, 'GET', '/docs/json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/members/{id}/invites', '/api/invites/{token}', '/api/invites/{token}/accept', '/api/me/profile', '/api/me/consents/{kind}', '/api/me/screening', '/api/me/sets', '/api/me/sessions', '/api/me/progress', '/api/me/export', '/api/me', '/api/me/push/subscriptions', '/api/push/vapid-public-key', '/api/members/{id}/clearance']),
    );
    expect(doc.paths['/api/invites/{token}/accept'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('consents');
  });

  it('audits invites and joining with ids only', async () => {
    const rows = await t.db.db.select().from(auditLog).where(eq(auditLog.subjectId, newMemberId));
    expect(rows.filter((r) => r.action === 'member.invite').length).toBeGreaterThanOrEqual(4);
    expect(rows.filter((r) => r.action === 'member.join')).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toMatch(/Nora|nora@|knee|push-ups/);
  });
});
