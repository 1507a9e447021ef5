/**
 * Camera administration (#16) on a real server and PGlite: cameras added at runtime reach ingest and the
 * capture-node list (URL only there, masked elsewhere), zones and the homography change what ingest computes,
 * the topology reaches identity, and bad input is refused with the field named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { api, frame, seedActors, sendFrame, startTestServer, trackAt, workerClient, WORKER_TOKEN, type Actors, type TestServer } from '../testing/server.ts';

const SECRET_URL = 'rtsp://viewer:s3cret-pass@10.0.0.9:554/stream1';

describe('camera administration', () => {
  let t: TestServer;
  let a: Actors;
  let worker: Socket;
  beforeAll(async () => {
    t = await startTestServer('pglite');
    a = await seedActors(t);
    worker = await workerClient(t.url);
  }, 60_000);
  afterAll(async () => {
    worker?.close();
    await t?.close();
  });

  it('adds a camera from an RTSP URL: ingest takes its frames, capture-node gets the URL, everyone else sees it masked', async () => {
    const before = await sendFrame(worker, frame('cam-new', 1, Date.now(), [trackAt(1, 0.5, 0.9)]));
    expect(before.ok).toBe(false);

    const add = await api(t, 'POST', '/api/cameras', a.admin, { id: 'cam-new', name: 'Back door', rtspUrl: SECRET_URL });
    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({ id: 'cam-new', source: 'console', enabled: true, rtspUrl: 'rtsp://viewer:***@10.0.0.9:554/stream1' });
    expect(JSON.stringify((await api(t, 'GET', '/api/admin/cameras', a.admin)).body)).not.toContain('s3cret');
    expect((await api(t, 'GET', '/api/cameras', a.admin)).body.map((c: { id: string }) => c.id)).toContain('cam-new');
    // The trainer has a grant on cam-a only.
    expect((await api(t, 'GET', '/api/cameras', a.trainerA)).body.map((c: { id: string }) => c.id)).toEqual(['cam-a']);
    expect((await api(t, 'GET', '/api/admin/cameras', a.trainerA)).status).toBe(403);

    const list = await api(t, 'GET', '/api/capture/cameras', WORKER_TOKEN);
    expect(list.body).toEqual({ cameras: [{ id: 'cam-new', name: 'Back door', rtspUrl: SECRET_URL, transcode: 'auto' }] });
    expect((await api(t, 'GET', '/api/capture/cameras', a.admin)).status).toBe(401);

    const after = await sendFrame(worker, frame('cam-new', 2, Date.now(), [trackAt(1, 0.5, 0.9)]));
    expect(after).toMatchObject({ ok: true, data: { accepted: 1 } });
    // The audit log names the camera, never its URL.
    const audit = JSON.stringify((await api(t, 'GET', '/api/audit', a.admin)).body);
    expect(audit).toContain('camera.create');
    expect(audit).not.toContain('s3cret');
  });

  it('refuses duplicates, edits to config-file cameras and bad URLs, naming the field', async () => {
    expect((await api(t, 'POST', '/api/cameras', a.admin, { id: 'cam-a', name: 'x', rtspUrl: 'rtsp://h/x' })).status).toBe(409);
    const badUrl = await api(t, 'POST', '/api/cameras', a.admin, { id: 'cam-x', name: 'x', rtspUrl: 'http://h/x' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.message).toMatch(/rtspUrl.*rtsp:\/\//);
    const patchFile = await api(t, 'PATCH', '/api/cameras/cam-a', a.admin, { name: 'renamed' });
    expect(patchFile).toMatchObject({ status: 409, body: { error: { code: 'CONFIG_CAMERA' } } });
  });

  it('disabling and removing a console camera stops it at once', async () => {
    await api(t, 'POST', '/api/cameras', a.admin, { id: 'cam-tmp', name: 'Temp', rtspUrl: 'rtsp://127.0.0.1:9/tmp' });
    const off = await api(t, 'PATCH', '/api/cameras/cam-tmp', a.admin, { enabled: false });
    expect(off.body.enabled).toBe(false);
    expect((await api(t, 'GET', '/api/capture/cameras', WORKER_TOKEN)).body.cameras.map((c: { id: string }) => c.id)).not.toContain('cam-tmp');
    expect((await api(t, 'DELETE', '/api/cameras/cam-tmp', a.admin)).status).toBe(200);
    expect((await api(t, 'GET', '/api/admin/cameras', a.admin)).body.map((c: { id: string }) => c.id)).not.toContain('cam-tmp');
    expect((await sendFrame(worker, frame('cam-tmp', 1, Date.now(), []))).ok).toBe(false);
    expect((await api(t, 'DELETE', '/api/cameras/cam-a', a.admin)).status).toBe(409);
  });

  it('validates zones (at least 3 points, inside [0, 1]) and a saved members-only zone raises its alert', async () => {
    const two = await api(t, 'PUT', '/api/cameras/cam-new/zones', a.admin, { zones: [{ id: 'z1', name: 'Z', kind: 'floor', polygon: [[0, 0], [1, 1]] }] });
    expect(two.status).toBe(400);
    expect(two.body.error.message).toMatch(/zones\/0\/polygon.*at least 3/);
    const out = await api(t, 'PUT', '/api/cameras/cam-new/zones', a.admin, { zones: [{ id: 'z1', name: 'Z', kind: 'floor', polygon: [[0, 0], [1.5, 0], [1, 1]] }] });
    expect(out.status).toBe(400);
    expect(out.body.error.message).toMatch(/zones\/0\/polygon\/1\/0.*\[0, 1\]/);
    expect((await api(t, 'PUT', '/api/cameras/cam-new/zones', a.admin, { zones: [{ id: 'desk', name: 'dup', polygon: [[0, 0], [1, 0], [1, 1]] }] })).body.error.message).toMatch(/zones.0.id.*another camera/);

    const saved = await api(t, 'PUT', '/api/cameras/cam-new/zones', a.admin, { zones: [{ id: 'vip', name: 'VIP corner', kind: 'members-only', polygon: [[0.5, 0.5], [1, 0.5], [1, 1], [0.5, 1]] }] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ zonesSource: 'console', zones: [{ id: 'vip', kind: 'members-only' }] });
    const alerts: string[] = [];
    const stop = t.app.ctx.bus.on((e) => {
      if (e.type === 'alert' && e.kind === 'unknown_in_members_zone') alerts.push(e.message);
    });
    const t0 = Date.now() - 5000;
    for (let i = 0; i < 8; i++) await sendFrame(worker, frame('cam-new', 10 + i, t0 + i * 500, [trackAt(7, 0.8, 0.9)]));
    stop();
    expect(alerts).toEqual(['Unknown person in members-only zone "VIP corner"']);
  });

  it('computes the floor homography from four marked points; the roster places people with it; collinear points are refused', async () => {
    const collinear = await api(t, 'PUT', '/api/cameras/cam-c/homography', a.admin, { image: [[0, 0], [0.5, 0.5], [1, 1], [0, 1]], floor: [[0, 0], [4, 0], [4, 6], [0, 6]] });
    expect(collinear.status).toBe(400);
    expect(collinear.body.error.message).toMatch(/^image: .*collinear/);
    // Clicked along one floor line: three on y = 0.5.
    const alongLine = await api(t, 'PUT', '/api/cameras/cam-c/homography', a.admin, { image: [[0.1, 0.5], [0.5, 0.5], [0.9, 0.5], [0.5, 0.9]], floor: [[0, 0], [5, 0], [5, 5], [0, 5]] });
    expect(alongLine.body.error.message).toMatch(/^image: .*collinear/);
    const floorLine = await api(t, 'PUT', '/api/cameras/cam-c/homography', a.admin, { image: [[0, 0], [1, 0], [1, 1], [0, 1]], floor: [[0, 0], [2, 0], [4, 0], [0, 3]] });
    expect(floorLine.body.error.message).toMatch(/^floor: .*collinear/);
    // cam-c's image corners of a 4 m × 6 m floor rectangle.
    const res = await api(t, 'PUT', '/api/cameras/cam-c/homography', a.admin, { image: [[0.2, 0.5], [0.8, 0.5], [1, 1], [0, 1]], floor: [[0, 0], [4, 0], [4, 6], [0, 6]] });
    expect(res.status).toBe(200);
    expect(res.body.homography).toHaveLength(9);
    // The foot point of a person in the image's bottom-right corner lands on the floor's (4 m, 6 m) corner.
    const floors: ({ x: number; y: number } | null)[] = [];
    const stop = t.app.ctx.bus.on((e) => {
      if (e.type === 'person.seen' && e.cameraId === 'cam-c') floors.push(e.floor);
    });
    const t0 = Date.now() - 3000;
    for (let i = 0; i < 6; i++) await sendFrame(worker, frame('cam-c', 1 + i, t0 + i * 200, [trackAt(3, 1, 1)]));
    stop();
    expect(floors.length).toBeGreaterThan(0);
    expect(floors.at(-1)?.x).toBeCloseTo(4, 5);
    expect(floors.at(-1)?.y).toBeCloseTo(6, 5);
    const cam = (await api(t, 'GET', '/api/admin/cameras', a.admin)).body.find((c: { id: string }) => c.id === 'cam-c');
    expect(cam.floorPoints.floor).toEqual([[0, 0], [4, 0], [4, 6], [0, 6]]);
  });

  it('stores the topology and identity uses it; unknown cameras are refused by field', async () => {
    expect((await api(t, 'GET', '/api/topology', a.admin)).body.source).toBe('config');
    const badCam = await api(t, 'PUT', '/api/topology', a.admin, { links: [{ from: 'cam-zz', to: 'cam-a' }] });
    expect(badCam.status).toBe(400);
    expect(badCam.body.error.message).toMatch(/links\.0\.from: unknown camera/);
    const badTimes = await api(t, 'PUT', '/api/topology', a.admin, { links: [{ from: 'cam-a', to: 'cam-c', minTransitS: 30, maxTransitS: 10 }] });
    expect(badTimes.body.error.message).toMatch(/maxTransitS/);
    expect(t.app.ctx.topo.link('cam-a', 'cam-c')).toBeUndefined();
    const put = await api(t, 'PUT', '/api/topology', a.admin, { links: [{ from: 'cam-a', to: 'cam-c', minTransitS: 3, maxTransitS: 20 }] });
    expect(put.body).toEqual({ source: 'console', links: [{ from: 'cam-a', to: 'cam-c', minTransitS: 3, maxTransitS: 20, overlap: false }] });
    expect(t.app.ctx.topo.link('cam-c', 'cam-a')).toMatchObject({ minTransitS: 3, maxTransitS: 20 });
    // The file's cam-a ↔ cam-b overlap is replaced by what was saved.
    expect(t.app.ctx.topo.overlapping('cam-a', 'cam-b')).toBe(false);
  });

  it('a probe without capture-node says so instead of failing', async () => {
    const r = await api(t, 'POST', '/api/cameras/test', a.admin, { rtspUrl: 'rtsp://127.0.0.1:9/none' });
    expect(r).toMatchObject({ status: 200, body: { ok: false, error: expect.stringMatching(/capture-node/) } });
    expect((await api(t, 'POST', '/api/cameras/test', a.admin, { rtspUrl: 'nope' })).status).toBe(400);
  });
});
