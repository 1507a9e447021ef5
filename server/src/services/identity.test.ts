import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import type { GymEvent } from '@gym/shared';
import { DB_PATHS } from '../testing/db.ts';
import { api, frame, nudge, scrape, seedActors, sendFrame, startTestServer, trackAt, unitVec, workerClient, type Actors, type TestServer } from '../testing/server.ts';
import { alerts, people, tracklets } from '../db/schema/index.ts';

const FACE_DIM = 1024;

describe.each(DB_PATHS)('member identification on the %s path', (path) => {
  let t: TestServer;
  let w: Socket;
  let a: Actors;
  const events: GymEvent[] = [];
  const face1 = unitVec(FACE_DIM, 101);
  const face2 = unitVec(FACE_DIM, 202);
  let seq = 0;
  let faceT0 = 0;
  const send = (cam: string, ts: number, tracks: unknown[]) => sendFrame(w, frame(cam, seq++, ts, tracks));

  beforeAll(async () => {
    t = await startTestServer(path);
    t.app.ctx.bus.on((e) => events.push(e));
    a = await seedActors(t);
    w = await workerClient(t.url);
  });
  afterAll(async () => {
    w?.disconnect();
    await t?.close();
  });

  it('enrols a face only after a recorded consent', async () => {
    const body = { model: 'faceres', embeddings: [nudge(face1, 1, 0.05), nudge(face1, 2, 0.05)] };
    const refused = await api(t, 'POST', `/api/members/${a.member1Id}/faces`, a.admin, body);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONSENT_REQUIRED');
    expect((await api(t, 'POST', `/api/members/${a.member1Id}/consents`, a.member1, { kind: 'face_identification', evidence: 'PWA checkbox v1' })).status).toBe(201);
    const ok = await api(t, 'POST', `/api/members/${a.member1Id}/faces`, a.admin, body);
    expect(ok).toMatchObject({ status: 201, body: { enrolled: 2, total: 2 } });
  });

  it('recognises the consented member on camera, and never the member without consent', async () => {
    // Member two's face is in the database without any consent (e.g. left behind by a bug or an import).
    await t.app.ctx.members.addFaces(a.member2Id, 'faceres', [face2]);
    const t0 = (faceT0 = Date.now() - 60_000);
    for (let i = 0; i < 5; i++) {
      await send('cam-a', t0 + i * 200, [
        { ...trackAt(41, 0.2, 0.9), face: { box: { x: 0.18, y: 0.5, w: 0.04, h: 0.05 }, score: 0.95, embedding: { model: 'faceres', vector: nudge(face1, 10 + i, 0.1) } } },
        { ...trackAt(42, 0.8, 0.9), face: { box: { x: 0.78, y: 0.5, w: 0.04, h: 0.05 }, score: 0.95, embedding: { model: 'faceres', vector: nudge(face2, 10 + i, 0.02) } } },
      ]);
    }
    await vi.waitFor(() => expect(events.some((e) => e.type === 'identity.resolved' && e.memberId === a.member1Id)).toBe(true), { timeout: 10_000 });
    await t.app.ctx.writer.drain();
    const resolved = events.filter((e) => e.type === 'identity.resolved');
    expect(resolved.every((e) => e.type === 'identity.resolved' && e.memberId === a.member1Id && e.via === 'face')).toBe(true);
    const m1People = await t.db.db.select().from(people).where(eq(people.memberId, a.member1Id));
    expect(m1People).toHaveLength(1);
    const trs = await t.db.db.select().from(tracklets).where(eq(tracklets.cameraId, 'cam-a'));
    expect(trs.find((r) => r.trackId === 41)!.personId).toBe(m1People[0]!.id);
    const other = trs.find((r) => r.trackId === 42)!;
    const [p2] = await t.db.db.select().from(people).where(eq(people.id, other.personId!));
    expect(p2!.memberId).toBeNull();
    expect(await t.db.db.select().from(people).where(eq(people.memberId, a.member2Id))).toHaveLength(0);
  });

  it('lets the identity follow the member onto an overlapping camera without a face there', async () => {
    // cam-b sees the same moments from the other side: member one (cam-a foot x 0.2) appears at x 0.8, no face.
    for (let i = 0; i < 5; i++) await send('cam-b', faceT0 + i * 200 + 30, [trackAt(91, 0.8, 0.9), trackAt(92, 0.2, 0.9)]);
    await t.app.ctx.writer.drain();
    const [m1Person] = await t.db.db.select().from(people).where(eq(people.memberId, a.member1Id));
    const trs = await t.db.db.select().from(tracklets).where(eq(tracklets.cameraId, 'cam-b'));
    expect(trs.find((r) => r.trackId === 91)!.personId).toBe(m1Person!.id);
    expect(trs.find((r) => r.trackId === 92)!.personId).not.toBe(m1Person!.id);
    expect(events).toContainEqual(expect.objectContaining({ type: 'person.seen', cameraId: 'cam-b', trackId: 91, personId: m1Person!.id }));
  });

  it('keeps a stranger whose face is merely close to a member unknown (open set)', async () => {
    const stranger = nudge(face1, 999, 1.6); // similarity to face1 well under the 0.6 threshold
    const t0 = Date.now() - 50_000;
    const before = events.filter((e) => e.type === 'identity.resolved').length;
    for (let i = 0; i < 5; i++)
      await send('cam-b', t0 + i * 200, [{ ...trackAt(43, 0.5, 0.5), face: { box: { x: 0.5, y: 0.2, w: 0.04, h: 0.05 }, score: 0.95, embedding: { model: 'faceres', vector: stranger } } }]);
    await t.app.ctx.writer.drain();
    await vi.waitFor(async () => {
      const m = await scrape(t.url);
      expect(m).toMatch(/gym_face_matches_total\{outcome="below-threshold"\} [1-9]/);
    });
    expect(events.filter((e) => e.type === 'identity.resolved').length).toBe(before);
  });

  it('binds the person on the check-in spot to the member who scanned the QR code, and alerts on unknown people in members-only zones', async () => {
    const qr = await api(t, 'POST', '/api/me/checkin-token', a.member2);
    expect(qr.status).toBe(200);
    expect((await api(t, 'POST', '/api/me/checkin-token', a.admin)).status).toBe(403);
    const t0 = Date.now() - 30_000;
    // Nobody on the spot yet.
    await send('cam-c', t0, [trackAt(51, 0.5, 0.9)]);
    const none = await api(t, 'POST', '/api/checkin', a.trainerA, { token: qr.body.token, zoneId: 'desk' });
    expect(none).toMatchObject({ status: 409, body: { error: { code: 'NOBODY_AT_CHECKIN' } } });
    // Person 52 steps onto the desk spot; person 53 lingers in the members-only area.
    for (let i = 1; i <= 15; i++) await send('cam-c', t0 + i * 200, [trackAt(52, 0.15, 0.9), trackAt(53, 0.8, 0.9)]);
    const ok = await api(t, 'POST', '/api/checkin', a.trainerA, { token: qr.body.token, zoneId: 'desk' });
    expect(ok.status).toBe(200);
    expect(ok.body.memberId).toBe(a.member2Id);
    expect(events).toContainEqual(expect.objectContaining({ type: 'identity.resolved', memberId: a.member2Id, via: 'checkin', personId: ok.body.personId }));
    expect((await api(t, 'POST', '/api/checkin', a.member1, { token: qr.body.token, zoneId: 'desk' })).status).toBe(403);
    expect((await api(t, 'POST', '/api/checkin', a.trainerA, { token: 'forged.token.value', zoneId: 'desk' })).status).toBe(401);
    await t.app.ctx.writer.drain();
    const rows = await t.db.db.select().from(alerts);
    expect(rows.map((r) => [r.kind, r.cameraId])).toEqual([['unknown_in_members_zone', 'cam-c']]);
    const alertEvents = events.filter((e) => e.type === 'alert');
    expect(alertEvents).toHaveLength(1);
    // The member on the desk never raises an alert; the unknown person raised exactly one.
    expect(alertEvents[0]!.type === 'alert' && alertEvents[0]!.personId).not.toBe(ok.body.personId);
  });

  it('raises "not seen leaving" for people last seen away from an exit, not for those who left through it', async () => {
    const t0 = Date.now() - 20_000;
    // Person 81 walks out through the exit strip of cam-b; person 82 vanishes mid-floor on cam-b.
    for (let i = 0; i < 5; i++) await send('cam-b', t0 + i * 200, [trackAt(81, 0.5 - i * 0.1, 0.9), trackAt(82, 0.6, 0.5)]);
    const before = events.filter((e) => e.type === 'alert' && e.kind === 'not_seen_leaving').length;
    t.app.ctx.ingest.sweep(Date.now() + 10 * 60_000);
    const left = events.filter((e) => e.type === 'alert' && e.kind === 'not_seen_leaving').slice(before);
    const pid = (track: number) => [...t.app.ctx.identity.people.values()].find((p) => p.tracklets.some((k) => k.trackId === track && k.span.cameraId === 'cam-b'))?.personId;
    const p82 = pid(82);
    expect(p82).toBeTruthy();
    expect(left.map((e) => e.type === 'alert' && e.personId)).toContain(p82);
    expect(left.map((e) => e.type === 'alert' && e.personId)).not.toContain(pid(81));
  });
});
