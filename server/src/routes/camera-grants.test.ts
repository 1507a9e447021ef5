import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, seedActors, startTestServer, type Actors, type TestServer } from '../testing/server.ts';

describe('camera grants of trainer accounts (PGlite)', () => {
  let t: TestServer;
  let a: Actors;
  let trainerId: string;
  beforeAll(async () => {
    t = await startTestServer('pglite');
    a = await seedActors(t);
    trainerId = (await t.app.ctx.users.byEmail('trainer@example.test'))!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an admin reads and replaces a trainer’s grants; the trainer sees the new cameras on the next request', async () => {
    expect((await api(t, 'GET', `/api/users/${trainerId}/cameras`, a.admin)).body).toEqual({ cameras: ['cam-a'] });
    const before = (await api(t, 'GET', '/api/cameras', a.trainerA)).body as { id: string }[];
    expect(before.map((c) => c.id)).toEqual(['cam-a']);

    const put = await api(t, 'PUT', `/api/users/${trainerId}/cameras`, a.admin, { cameras: ['cam-b', 'cam-b'] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ cameras: ['cam-b'] });
    const after = (await api(t, 'GET', '/api/cameras', a.trainerA)).body as { id: string }[];
    expect(after.map((c) => c.id)).toEqual(['cam-b']);

    const audit = (await api(t, 'GET', '/api/audit?limit=20', a.admin)).body as { action: string; subjectId: string }[];
    expect(audit.find((e) => e.action === 'user.cameras')?.subjectId).toBe(trainerId);
    expect((await api(t, 'PUT', `/api/users/${trainerId}/cameras`, a.admin, { cameras: [] })).body).toEqual({ cameras: [] });
  });

  it('refuses non-admins, unknown cameras, non-trainers and unknown users with a message naming the problem', async () => {
    expect((await api(t, 'GET', `/api/users/${trainerId}/cameras`, a.trainerA)).status).toBe(403);
    expect((await api(t, 'PUT', `/api/users/${trainerId}/cameras`, a.trainerA, { cameras: ['cam-a'] })).status).toBe(403);
    const unknown = await api(t, 'PUT', `/api/users/${trainerId}/cameras`, a.admin, { cameras: ['cam-nope'] });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('cam-nope');
    const memberUser = (await t.app.ctx.users.byEmail('one@example.test'))!.id;
    const notTrainer = await api(t, 'PUT', `/api/users/${memberUser}/cameras`, a.admin, { cameras: ['cam-a'] });
    expect(notTrainer.status).toBe(400);
    expect(JSON.stringify(notTrainer.body)).toMatch(/only trainer accounts/);
    expect((await api(t, 'GET', `/api/users/${crypto.randomUUID()}/cameras`, a.admin)).status).toBe(404);
    expect((await api(t, 'PUT', `/api/users/${trainerId}/cameras`, a.admin, { cameras: 'cam-a' })).status).toBe(400);
    expect(await login(t.url, 'trainer@example.test')).toBeTruthy();
  });
});
