/**
 * Who may record or revoke a member's consents and enrol their face (issue #22 items 5 and 6): the member
 * themself or an admin; never a trainer or another member. Ids are normalised (lower-case) before the check and
 * the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DB_PATHS } from '../testing/db.ts';
import { api, seedActors, startTestServer, unitVec, type Actors, type TestServer } from '../testing/server.ts';
import { auditLog } from '../db/schema/index.ts';

describe.each(DB_PATHS)('consent and face-enrolment roles on the %s path', (path) => {
  let t: TestServer;
  let a: Actors;
  beforeAll(async () => {
    t = await startTestServer(path);
    a = await seedActors(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets only the member themself or an admin change consents and enrol faces', async () => {
    const m1 = `/api/members/${a.member1Id}`;
    const consent = { kind: 'face_identification', evidence: 'signed form #12' };
    const faces = { model: 'faceres', embeddings: [unitVec(128, 1)] };
    const who: [string, string | undefined][] = [['none', undefined], ['other member', a.member2], ['trainer', a.trainerA]];
    const got: [string, string, number][] = [];
    for (const [name, token] of who) {
      got.push([name, 'consent', (await api(t, 'POST', `${m1}/consents`, token, consent)).status]);
      got.push([name, 'revoke', (await api(t, 'DELETE', `${m1}/consents/coaching`, token)).status]);
      got.push([name, 'faces', (await api(t, 'POST', `${m1}/faces`, token, faces)).status]);
    }
    got.push(['self', 'consent', (await api(t, 'POST', `${m1}/consents`, a.member1, consent)).status]);
    got.push(['self', 'revoke', (await api(t, 'DELETE', `${m1}/consents/coaching`, a.member1)).status]);
    got.push(['self', 'faces', (await api(t, 'POST', `${m1}/faces`, a.member1, faces)).status]);
    got.push(['admin', 'consent', (await api(t, 'POST', `${m1}/consents`, a.admin, consent)).status]);
    got.push(['admin', 'faces', (await api(t, 'POST', `${m1}/faces`, a.admin, faces)).status]);
    got.push(['admin', 'revoke', (await api(t, 'DELETE', `${m1}/consents/coaching`, a.admin)).status]);
    expect(got).toEqual([
      ['none', 'consent', 401], ['none', 'revoke', 401], ['none', 'faces', 401],
      ['other member', 'consent', 403], ['other member', 'revoke', 403], ['other member', 'faces', 403],
      ['trainer', 'consent', 403], ['trainer', 'revoke', 403], ['trainer', 'faces', 403],
      ['self', 'consent', 201], ['self', 'revoke', 200], ['self', 'faces', 403],
      ['admin', 'consent', 201], ['admin', 'faces', 201], ['admin', 'revoke', 200],
    ]);
  });

  it('audits a read by an upper-cased id under the member’s own id', async () => {
    const res = await api(t, 'GET', `/api/members/${a.member2Id.toUpperCase()}`, a.trainerA);
    expect(res.status).toBe(200);
    const rows = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'member.read'));
    expect(rows.map((r) => r.subjectId)).toContain(a.member2Id);
    expect(rows.map((r) => r.subjectId)).not.toContain(a.member2Id.toUpperCase());
  });
});

describe('text and numbers PostgreSQL cannot store are refused at the edge', () => {
  let t: TestServer;
  let a: Actors;
  beforeAll(async () => {
    t = await startTestServer('pglite');
    a = await seedActors(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 400 naming the field for U+0000, a lone surrogate or a value beyond float32', async () => {
    const m1 = `/api/members/${a.member1Id}`;
    await api(t, 'POST', `${m1}/consents`, a.admin, { kind: 'face_identification', evidence: 'signed form #3' });
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/members', { displayName: 'Rob\u0000in' }, 'displayName'],
      ['POST', '/api/members', { displayName: 'Rob\uD800in' }, 'displayName'],
      ['POST', `${m1}/consents`, { kind: 'coaching', evidence: 'form\u0000#1' }, 'evidence'],
      ['POST', `${m1}/faces`, { model: 'face\u0000res', embeddings: [unitVec(128, 2)] }, 'model'],
      ['POST', `${m1}/faces`, { model: 'faceres', embeddings: [[3.5e38, ...unitVec(127, 3)]] }, 'embeddings'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await api(t, method, url, a.admin, body);
      expect([url, res.status]).toEqual([url, 400]);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    expect((await api(t, 'GET', '/api/members', a.admin)).body.map((m: { displayName: string }) => m.displayName)).not.toContain('Rob\uFFFDin');
  });
});
