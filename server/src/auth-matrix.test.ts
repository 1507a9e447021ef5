/**
 * #18 authorisation matrix: every role (no token, expired token, a worker token, member, another member, trainer
 * with and without a camera grant, admin) × every REST route fastify registered × every socket.io namespace.
 * The routes come from the app itself (`app.routes`), so a new route without a line in POLICY fails this test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { NS } from '@gym/shared';
import { TokenService } from './auth/tokens.ts';
import { createUser } from './services/users.service.ts';
import { createInvite } from './services/invites.service.ts';
import { api, client, login, PASSWORD, seedActors, startTestServer, WORKER_TOKEN, type Actors, type TestServer } from './testing/server.ts';

const JWT_SECRET = 'auth-matrix-secret-0123456789abcdef0123456789';

type Role = 'none' | 'expired' | 'worker' | 'member' | 'otherMember' | 'trainerGranted' | 'trainerNoGrant' | 'admin';
const ROLES: Role[] = ['none', 'expired', 'worker', 'member', 'otherMember', 'trainerGranted', 'trainerNoGrant', 'admin'];
const UNAUTHENTICATED: Role[] = ['none', 'expired', 'worker'];

/**
 * Who may call a route. `self`: the member the path names (member1) or staff; `selfOrAdmin`: that member or an
 * admin; `memberOnly`: member accounts (their own data); `camera`: staff with a grant for the camera in the path.
 */
type Policy = 'public' | 'any' | 'staff' | 'admin' | 'self' | 'selfOrAdmin' | 'memberOnly' | 'camera' | 'worker';

function allowed(policy: Policy, role: Role): boolean {
  if (policy === 'public') return true;
  // capture-node's routes take a worker token, and nothing else.
  if (policy === 'worker') return role === 'worker';
  if (UNAUTHENTICATED.includes(role)) return false;
  switch (policy) {
    case 'any':
      return true;
    case 'staff':
      return role === 'trainerGranted' || role === 'trainerNoGrant' || role === 'admin';
    case 'admin':
      return role === 'admin';
    case 'self':
      return role !== 'otherMember';
    case 'selfOrAdmin':
      return role === 'member' || role === 'admin';
    case 'memberOnly':
      return role === 'member' || role === 'otherMember';
    case 'camera':
      return role === 'trainerGranted' || role === 'admin';
  }
}

interface Ids extends Actors {
  trainerId: string;
  victimId: string;
  /** A real check-in token of member1 (the check-in route is about the caller here, not the token). */
  checkinToken: string;
}
interface Entry {
  policy: Policy;
  /** Path parameters (member1 for :id unless said otherwise); may make what the call uses up (an invite). */
  params?: (ids: Ids) => Record<string, string> | Promise<Record<string, string>>;
  /** A valid body, so that a refusal is about who asks, not about what was sent. */
  body?: (ids: Ids) => unknown;
  /** Destructive for the caller (erase my account): member roles call it as a fresh member of their own. */
  throwawayMember?: true;
  /** Served by capture-node behind the server; none runs here, so a 502 from an allowed caller counts as served. */
  upstream?: true;
}

/** A fresh member with an account, signed in (for routes that use the caller up). */
async function throwawayMemberToken(t: TestServer): Promise<string> {
  const email = `gone-${randomUUID().slice(0, 8)}@example.test`;
  const m = await t.app.ctx.members.create(t.gym.gym.id, 'Throwaway', email);
  await createUser(t.app.ctx, { email, password: PASSWORD, role: 'member', memberId: m.id });
  return login(t.url, email);
}
/** A fresh member's unused invite (accepting one uses it up). */
let inviteFor: () => Promise<string> = async () => 'x';
const screening = { answers: { heartCondition: false, chestPain: false, dizzinessOrFainting: false, chronicCondition: false, medication: false, boneJointProblem: false, supervisedOnly: false, pregnancy: false }, notes: '' };

/** One line per route. A route missing here, or a line for a route that is gone, fails the test. */
const POLICY: Record<string, Entry> = {
  'GET /health': { policy: 'public' },
  'GET /metrics': { policy: 'admin' }, // or the scraper's METRICS_TOKEN: routes/metrics.routes.test.ts
  'POST /api/auth/login': { policy: 'public', body: () => ({ email: 'one@example.test', password: PASSWORD }) },
  'GET /api/me': { policy: 'any' },
  'GET /api/system': { policy: 'any' },
  'GET /models/:file': { policy: 'public', params: () => ({ file: 'blazeface.onnx' }) },
  'GET /ort/:file': { policy: 'public', params: () => ({ file: 'ort-wasm-simd-threaded.mjs' }) },
  'GET /api/cameras': { policy: 'public' },
  'GET /api/cameras/health': { policy: 'staff' },
  'GET /api/workers/stats': { policy: 'staff' },
  'POST /api/cameras/:id/view': { policy: 'camera', params: () => ({ id: 'cam-a' }) },
  'GET /api/people/live': { policy: 'staff' },
  'GET /api/roster': { policy: 'staff' },
  'POST /api/checkin': { policy: 'staff', body: (i) => ({ token: i.checkinToken, zoneId: 'desk' }) },
  'GET /api/alerts': { policy: 'staff' },
  'POST /api/alerts/:id/ack': { policy: 'staff', params: () => ({ id: '987654' }) },
  'GET /api/members': { policy: 'staff' },
  'POST /api/members': { policy: 'admin', body: () => ({ displayName: 'Matrix Member' }) },
  'GET /api/members/:id': { policy: 'self' },
  'GET /api/members/:id/consents': { policy: 'self' },
  'POST /api/members/:id/consents': { policy: 'selfOrAdmin', body: () => ({ kind: 'coaching', evidence: 'signed form #1' }) },
  'DELETE /api/members/:id/consents/:kind': { policy: 'selfOrAdmin', params: (i) => ({ id: i.member1Id, kind: 'clips' }) },
  'POST /api/members/:id/faces': { policy: 'admin', body: () => ({ model: 'm', embeddings: [new Array(8).fill(0.5)] }) },
  'GET /api/members/:id/sets': { policy: 'self' },
  'GET /api/members/:id/sets/:setId/clip': { policy: 'self', params: (i) => ({ id: i.member1Id, setId: randomUUID() }) },
  'GET /api/members/:id/export': { policy: 'selfOrAdmin' },
  'DELETE /api/members/:id': { policy: 'admin', params: (i) => ({ id: i.victimId }) },
  'POST /api/me/checkin-token': { policy: 'memberOnly' },
  'GET /api/me/coach/messages': { policy: 'memberOnly' },
  'POST /api/me/coach/messages': { policy: 'memberOnly', body: () => ({ text: 'how was my last set?' }) },
  'GET /api/me/coach/summaries': { policy: 'memberOnly' },
  'POST /api/members/:id/invites': { policy: 'staff', params: (i) => ({ id: i.victimId }) },
  'GET /api/invites/:token': { policy: 'public', params: async () => ({ token: await inviteFor() }) },
  'POST /api/invites/:token/accept': {
    policy: 'public',
    params: async () => ({ token: await inviteFor() }),
    body: () => ({ email: `join-${randomUUID().slice(0, 8)}@example.test`, password: 'a long enough password', consents: { face_identification: false, body_tracking: true, coaching: true, clips: false }, screening, goals: '' }),
  },
  'GET /api/me/profile': { policy: 'memberOnly' },
  'PUT /api/me/profile': { policy: 'memberOnly', body: () => ({ goals: 'squat deeper' }) },
  'PUT /api/me/screening': { policy: 'memberOnly', body: () => screening },
  'GET /api/me/consents': { policy: 'memberOnly' },
  'PUT /api/me/consents/:kind': { policy: 'memberOnly', params: () => ({ kind: 'clips' }), body: () => ({ granted: false }) },
  'GET /api/me/sets': { policy: 'memberOnly' },
  'GET /api/me/sessions': { policy: 'memberOnly' },
  'GET /api/me/progress': { policy: 'memberOnly' },
  'GET /api/me/export': { policy: 'memberOnly' },
  'DELETE /api/me': { policy: 'memberOnly', body: () => ({ confirm: 'ERASE' }), throwawayMember: true },
  'GET /api/members/:id/profile': { policy: 'self' },
  'POST /api/members/:id/clearance': { policy: 'staff' },
  'GET /api/push/vapid-public-key': { policy: 'public' },
  'POST /api/me/push/subscriptions': { policy: 'memberOnly', body: () => ({ endpoint: 'https://push.example.test/sub/1', keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' } }) },
  'DELETE /api/me/push/subscriptions': { policy: 'memberOnly', body: () => ({ endpoint: 'https://push.example.test/sub/1' }) },
  'POST /api/users': { policy: 'admin', body: () => ({ email: `u${randomUUID().slice(0, 8)}@example.test`, password: 'long enough password', role: 'trainer' }) },
  'GET /api/users': { policy: 'admin' },
  'GET /api/users/:id/cameras': { policy: 'admin', params: (i) => ({ id: i.trainerId }) },
  'PUT /api/users/:id/cameras': { policy: 'admin', params: (i) => ({ id: i.trainerId }), body: () => ({ cameras: ['cam-a'] }) },
  'GET /api/audit': { policy: 'admin' },
  'GET /api/admin/jobs': { policy: 'admin' },
  // A random id: the admin is served a 404 (no such dead job), everyone else is refused first.
  'POST /api/admin/jobs/:id/retry': { policy: 'admin', params: () => ({ id: randomUUID() }) },
  'PUT /api/identity/threshold': { policy: 'admin', body: () => ({ faceMatchThreshold: 0.5 }) },
  'GET /api/admin/cameras': { policy: 'admin' },
  'POST /api/cameras': { policy: 'admin', body: () => ({ id: `cam-${randomUUID().slice(0, 8)}`, name: 'Matrix camera', rtspUrl: 'rtsp://127.0.0.1:9/matrix' }) },
  'PATCH /api/cameras/:id': { policy: 'admin', params: () => ({ id: 'cam-matrix' }), body: () => ({ name: 'Matrix camera (renamed)' }) },
  'DELETE /api/cameras/:id': { policy: 'admin', params: () => ({ id: 'cam-matrix-gone' }) },
  'POST /api/cameras/test': { policy: 'admin', body: () => ({ rtspUrl: 'rtsp://127.0.0.1:9/none' }) },
  'GET /api/cameras/:id/snapshot': { policy: 'camera', params: () => ({ id: 'cam-a' }), upstream: true },
  'PUT /api/cameras/:id/zones': { policy: 'admin', params: () => ({ id: 'cam-a' }), body: () => ({ zones: [{ id: 'matrix-zone', name: 'Matrix', kind: 'floor', polygon: [[0, 0], [1, 0], [1, 1]] }] }) },
  'PUT /api/cameras/:id/homography': { policy: 'admin', params: () => ({ id: 'cam-a' }), body: () => ({ image: [[0, 0], [1, 0], [1, 1], [0, 1]], floor: [[0, 0], [10, 0], [10, 10], [0, 10]] }) },
  'GET /api/topology': { policy: 'admin' },
  'PUT /api/topology': { policy: 'admin', body: () => ({ links: [{ from: 'cam-a', to: 'cam-b', overlap: true }, { from: 'cam-b', to: 'cam-c', minTransitS: 2, maxTransitS: 60 }] }) },
  'GET /api/capture/cameras': { policy: 'worker' },
};
/** The API documentation (swagger-ui and the OpenAPI document): public, it holds no data. */
const isDocs = (url: string) => url === '/docs' || url.startsWith('/docs/');

describe('authorisation matrix', () => {
  let t: TestServer;
  let ids: Ids;
  const tokens = {} as Record<Role, string | undefined>;

  beforeAll(async () => {
    t = await startTestServer('pglite', { jwtSecret: JWT_SECRET, loginRatePerMin: 1000 });
    const a = await seedActors(t);
    const ctx = t.app.ctx;
    const trainer = (await ctx.users.byEmail('trainer@example.test'))!;
    await createUser(ctx, { email: 'nogrant@example.test', password: PASSWORD, role: 'trainer' });
    const victim = await ctx.members.create(t.gym.gym.id, 'Victim', null);
    ids = { ...a, trainerId: trainer.id, victimId: victim.id, checkinToken: await ctx.tokens.signCheckin(a.member1Id, 600) };
    // Console cameras for the camera admin routes (one to edit, one to remove).
    for (const id of ['cam-matrix', 'cam-matrix-gone']) await ctx.gyms.addCamera(t.gym.gym.id, { id, name: id, rtspUrl: `rtsp://127.0.0.1:9/${id}`, transcode: 'auto' });
    await ctx.catalogue.refresh();
    // Both members consented to coaching: the coach routes then refuse only by role.
    for (const m of [a.member1Id, a.member2Id]) await ctx.members.recordConsent(m, 'coaching', 'signed form #1', null);
    inviteFor = async () => {
      const m = await ctx.members.create(t.gym.gym.id, 'Invited', null);
      return (await createInvite({ ...ctx, invites: ctx.invites }, null, m.id, t.url)).token;
    };
    const adminUser = (await ctx.users.byEmail('admin@example.test'))!;
    Object.assign(tokens, {
      none: undefined,
      expired: await new TokenService(JWT_SECRET, -60).signAccess({ userId: adminUser.id, role: 'admin', memberId: null }),
      worker: WORKER_TOKEN,
      member: a.member1,
      otherMember: a.member2,
      trainerGranted: a.trainerA,
      trainerNoGrant: await login(t.url, 'nogrant@example.test'),
      admin: a.admin,
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('has a policy for every route the server registered, and no policy for a route that is gone', () => {
    const keys = t.app.routes.filter((r) => !isDocs(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(keys.length).toBeGreaterThan(20);
    const unlisted = keys.filter((k) => !(k in POLICY));
    expect(unlisted, 'routes without a line in POLICY (add one: who may call it?)').toEqual([]);
    expect(Object.keys(POLICY).filter((k) => !keys.includes(k)), 'POLICY lines for routes that do not exist').toEqual([]);
  });

  it('answers 401 without a valid user token, 403 to a role without the right, and serves the rest', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const r of t.app.routes) {
        const entry = isDocs(r.url) ? { policy: 'public' as const } : POLICY[`${r.method} ${r.url}`];
        if (!entry || r.url.includes('*')) continue;
        const params: Record<string, string> = { id: ids.member1Id, ...(await entry.params?.(ids)) };
        const path = r.url.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? 'x'));
        const token = entry.throwawayMember && (role === 'member' || role === 'otherMember') ? await throwawayMemberToken(t) : tokens[role];
        const res = await api(t, r.method, path, token, entry.body?.(ids));
        const ok = allowed(entry.policy, role);
        const expected = ok ? 'served' : UNAUTHENTICATED.includes(role) || entry.policy === 'worker' ? 401 : 403;
        const got = res.status === 401 || res.status === 403 ? res.status : res.status >= 500 && !(entry.upstream && res.status === 502) ? `5xx ${res.status}` : 'served';
        if (got !== expected) failures.push(`${role} ${r.method} ${path}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        else if (!ok && typeof res.body?.error?.code !== 'string') failures.push(`${role} ${r.method} ${path}: refusal without an error code`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('shows a trainer without a camera grant no camera, and one with a grant only that camera', async () => {
    expect((await api(t, 'GET', '/api/cameras', tokens.trainerNoGrant)).body).toEqual([]);
    expect((await api(t, 'GET', '/api/cameras', tokens.trainerGranted)).body.map((c: { id: string }) => c.id)).toEqual(['cam-a']);
    expect((await api(t, 'POST', '/api/cameras/cam-b/view', tokens.trainerGranted)).status).toBe(403);
  });

  it('lets onto each socket.io namespace only who belongs there, and grants live camera rooms by camera', async () => {
    const namespaces = [...(t.app.io as unknown as { _nsps: Map<string, unknown> })._nsps.keys()].sort();
    expect(namespaces).toEqual(['/', NS.live, NS.worker].sort());
    const mayConnect: Record<string, (r: Role) => boolean> = {
      '/': () => false,
      [NS.worker]: (r) => r === 'worker',
      [NS.live]: (r) => !UNAUTHENTICATED.includes(r),
    };
    const failures: string[] = [];
    const open: Socket[] = [];
    for (const ns of namespaces) {
      for (const role of ROLES) {
        const s = await client(t.url, ns, tokens[role]).catch((e: Error) => e);
        const connected = !(s instanceof Error);
        if (connected) open.push(s);
        if (connected !== mayConnect[ns]!(role)) failures.push(`${role} on ${ns}: ${connected ? 'connected' : `refused (${s.message})`}`);
        if (!connected || ns !== NS.live) continue;
        const sub = async (req: unknown) => (await s.timeout(5000).emitWithAck('subscribe', req)) as { ok: boolean };
        const camOk = (await sub({ cameras: ['cam-a'] })).ok;
        if (camOk !== allowed('camera', role)) failures.push(`${role} subscribe cam-a: ${camOk}`);
        const memberOk = (await sub({ memberId: ids.member1Id })).ok;
        if (memberOk !== allowed('self', role)) failures.push(`${role} subscribe member1: ${memberOk}`);
      }
    }
    for (const s of open) s.disconnect();
    expect(failures).toEqual([]);
  }, 60_000);
});
