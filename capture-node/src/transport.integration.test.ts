/**
 * The transport spine end to end, all real: simulated RTSP camera (GStreamer) → capture-node (ffmpeg → mediasoup)
 * → headless Chromium worker page (mediasoup-client) under the supervisor. One node for the whole file (start-up
 * is the expensive part); the tests run in order and each leaves the system running for the next.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { CameraHealth, WorkerStats } from '@gym/shared';
import type { CaptureNode } from './app.ts';
import { SimCamera } from './sim-camera/sim-camera.ts';
import { buildWorkerPage } from './testing/worker-page.ts';
import { TokenService } from '../../server/src/auth/tokens.ts';
import { freePort, silentServer, startTestNode, waitFor } from './testing/harness.ts';
import { createLogger } from '@gym/shared/logger.ts';
import type { GymEvent } from '@gym/shared';
import { CameraHealthService } from '../../server/src/services/camera-health.service.ts';
import { EventBus } from '../../server/src/services/event-bus.ts';
import { DbWriter } from '../../server/src/db/writer.ts';
import { openTestDb, type TestDb } from '../../server/src/testing/db.ts';

const JWT_SECRET = 'transport-test-secret-of-at-least-32-chars';

let cam: SimCamera;
let node: CaptureNode;
let hang: Awaited<ReturnType<typeof silentServer>>;
/** The server's camera health watcher on this node, as the staff console gets it (camera.health events). */
let serverHealth: CameraHealthService;
let healthDb: TestDb;
const healthEvents: GymEvent[] = [];

/** cam-a's frame stats as the worker page reports them (straight from the page, not the 1 s heartbeat). */
async function pageStats(): Promise<WorkerStats['cameras'][number] | null> {
  const page = node.supervisor?.workers[0]?.page;
  if (!page) return null;
  const s = (await page.evaluate(() => window.gymWorker?.stats() ?? null).catch(() => null)) as WorkerStats | null;
  return s?.cameras.find((c) => c.cameraId === 'cam-a') ?? null;
}

/** Resolves once the page has decoded `n` more frames of cam-a after `since` (ms epoch). */
async function framesFlow(since: number, timeoutMs: number, n = 5): Promise<number> {
  let base: number | null = null;
  await waitFor(
    `cam-a frames after ${new Date(since).toISOString()}`,
    async () => {
      const s = await pageStats();
      if (!s || s.lastFrameTs === null || s.lastFrameTs < since) return false;
      base ??= s.decodedFrames;
      return s.decodedFrames >= base + n;
    },
    timeoutMs,
    100,
  );
  return Date.now() - since;
}

async function health(): Promise<Record<string, CameraHealth>> {
  const r = await fetch(`${node.baseUrl}/health`);
  const body = (await r.json()) as { cameras: CameraHealth[] };
  return Object.fromEntries(body.cameras.map((h) => [h.cameraId, h]));
}

beforeAll(async () => {
  const [webDist, port] = await Promise.all([buildWorkerPage(), freePort()]);
  cam = new SimCamera({ port, stamp: true, gop: 5 }); // 0.5 s I-frame interval: a new consumer waits at most that for a picture
  hang = await silentServer();
  await cam.start();
  node = await startTestNode({
    webDistDir: webDist,
    cameras: [
      { id: 'cam-a', rtspUrl: cam.url },
      { id: 'cam-hang', rtspUrl: `rtsp://127.0.0.1:${hang.port}/never` },
    ],
    tokens: 'test-token,only-b:cam-b',
    env: { JWT_SECRET },
    heartbeatTimeoutMs: 8000,
  });
  healthDb = await openTestDb('pglite');
  const bus = new EventBus();
  bus.on((e) => healthEvents.push(e));
  const log = createLogger('camera-health-test', { level: 'silent' });
  serverHealth = new CameraHealthService(node.baseUrl, bus, new DbWriter(healthDb.db, log), log, 'test-token');
  serverHealth.start(500);
});

afterAll(async () => {
  serverHealth?.stop();
  await healthDb?.close();
  await node?.stop();
  await cam?.stop();
  hang?.server.close();
});

describe('transport spine', () => {
  it('delivers decoded frames of the camera size to the worker page in headless Chromium', async () => {
    await framesFlow(Date.now(), 60_000, 20);
    const s = await pageStats();
    expect(s).toMatchObject({ width: 768, height: 576 });
    // The supervisor's heartbeat carries the same numbers.
    const report = await waitFor('a heartbeat with frames', () => node.supervisor!.status()[0]!.lastReport?.cameras.find((c) => c.cameraId === 'cam-a' && c.decodedFrames > 0), 5000);
    expect(report.width).toBe(768);
  });

  it('keeps a camera that never answers down without affecting the live one', async () => {
    const h = await health();
    expect(h['cam-a']!.state).toBe('live');
    expect(h['cam-hang']!.state).not.toBe('live');
    await waitFor('cam-hang down with a reason', async () => (await health())['cam-hang']!.reason, 20_000);
    const cams = (await (await fetch(`${node.baseUrl}/cameras`)).json()) as { id: string }[];
    expect(cams.map((c) => c.id).sort()).toEqual(['cam-a', 'cam-hang']);
    expect(JSON.stringify(cams)).not.toContain('rtsp://'); // URLs may carry credentials
    // Prometheus sees the same: the live camera up, the silent one down, the worker page reporting its fps.
    const metrics = await (await fetch(`${node.baseUrl}/metrics`)).text();
    expect(metrics).toContain('gym_capture_camera_up{camera="cam-a"} 1');
    expect(metrics).toContain('gym_capture_camera_up{camera="cam-hang"} 0');
    expect(metrics).toMatch(/gym_capture_analysed_fps\{worker="[^"]+",camera="cam-a"\} [0-9.]+/);
    await framesFlow(Date.now(), 5000);
  });

  it('answers malformed signaling, wrong tokens and unknown cameras with errors, never a crash', async () => {
    const url = `${node.baseUrl}/signaling`;
    const bad = ioClient(url, { auth: { token: 'wrong' }, transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error & { data?: { code?: string } }>((r) => bad.once('connect_error', r));
    expect(err.message).toMatch(/unauthorized/);
    expect(err.data?.code).toBe('UNAUTHORIZED');
    bad.close();

    const s: Socket = ioClient(url, { auth: { token: 'test-token' }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((r) => s.once('connect', () => r()));
    const ask = (event: string, ...args: unknown[]) =>
      s.timeout(5000).emitWithAck(event, ...args) as Promise<{ ok: boolean; error?: { code: string; message: string }; data?: unknown }>;

    const list = await ask('cameras:list');
    expect(list.ok).toBe(true);
    expect(await ask('consume', 'not an object')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ask('consume', { transportId: 'x', cameraId: 'cam-a', rtpCapabilities: {}, extra: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ask('consume', { transportId: 'x', cameraId: 'no-such-cam', rtpCapabilities: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CAMERA' } });
    expect(await ask('consume', { transportId: 'x', cameraId: 'cam-a', rtpCapabilities: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TRANSPORT' } });
    expect(await ask('transport:create', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ask('transport:connect', { transportId: 'nope', dtlsParameters: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TRANSPORT' } });
    const t = await ask('transport:create', { direction: 'recv' });
    expect(t.ok).toBe(true);
    const tid = (t.data as { id: string }).id;
    expect(await ask('transport:connect', { transportId: tid, dtlsParameters: { garbage: true } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ask('consume', { transportId: tid, cameraId: 'cam-a', rtpCapabilities: { codecs: 'nonsense' } })).toMatchObject({ ok: false });
    expect(await ask('consumer:resume', { consumerId: 'nope' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CONSUMER' } });
    s.emit('consume', { transportId: tid }); // no ack: ignored
    s.emit('no-such-event', 42);
    expect((await ask('cameras:list')).ok).toBe(true); // still served
    s.close();

    const scoped: Socket = ioClient(url, { auth: { token: 'only-b' }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((r) => scoped.once('connect', () => r()));
    expect(await scoped.timeout(5000).emitWithAck('cameras:list')).toEqual({ ok: true, data: [] });
    expect(await scoped.timeout(5000).emitWithAck('consume', { transportId: 'x', cameraId: 'cam-a', rtpCapabilities: {} })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CAMERA' },
    });
    scoped.close();

    // The server's camera-view grants (staff console): exactly their camera; expired or forged → unauthorized.
    const svc = new TokenService(JWT_SECRET);
    const viewer: Socket = ioClient(url, { auth: { token: await svc.signCameraView('u1', 'cam-a') }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((r) => viewer.once('connect', () => r()));
    expect(await viewer.timeout(5000).emitWithAck('cameras:list')).toMatchObject({ ok: true, data: [{ id: 'cam-a' }] });
    expect(await viewer.timeout(5000).emitWithAck('consume', { transportId: 'x', cameraId: 'cam-hang', rtpCapabilities: {} })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CAMERA' },
    });
    viewer.close();
    for (const t of [await svc.signCameraView('u1', 'cam-a', -5), await new TokenService('x'.repeat(40)).signCameraView('u1', 'cam-a')]) {
      const c = ioClient(url, { auth: { token: t }, transports: ['websocket'], reconnection: false });
      const e = await new Promise<Error & { data?: { code?: string } }>((r) => c.once('connect_error', r));
      expect([e.message, e.data?.code]).toEqual([err.message, 'UNAUTHORIZED']);
      c.close();
    }
    expect((await health())['cam-a']!.state).toBe('live');
  });

  it('resumes frames within 5 s after the RTSP source stops and comes back', async () => {
    await cam.stop();
    await waitFor('cam-a down', async () => (await health())['cam-a']!.state !== 'live', 15_000);
    await cam.start();
    const back = Date.now();
    const took = await framesFlow(back, 5000, 3);
    console.info(`cam-a frames resumed ${took} ms after the RTSP server came back`);
    expect(took).toBeLessThanOrEqual(5000);
    // What the staff console is told: cam-a went down and came back live (server side, from capture-node's /health).
    await waitFor('cam-a live again on the server', () => serverHealth.current.get('cam-a')?.state === 'live', 15_000);
    const camA = healthEvents.flatMap((e) => (e.type === 'camera.health' && e.health.cameraId === 'cam-a' ? [e.health.state] : []));
    const down = camA.lastIndexOf('down');
    expect(down, camA.join(',')).toBeGreaterThanOrEqual(0);
    expect(camA.slice(down)).toContain('live');
  });

  it('brings a killed Chromium worker back within 10 s with frames flowing', async () => {
    const before = node.supervisor!.status()[0]!;
    expect(before.pid).toBeTruthy();
    process.kill(before.pid!, 'SIGKILL');
    const killed = Date.now();
    await waitFor('a new browser incarnation', () => node.supervisor!.status()[0]!.incarnation > before.incarnation, 10_000);
    await framesFlow(killed, 10_000 - (Date.now() - killed), 3);
    expect(node.supervisor!.status()[0]!.restarts).toBe(before.restarts + 1);
    // The health page shows the restart.
    const h = (await (await fetch(`${node.baseUrl}/health`)).json()) as { workers: { restarts: number; pid: number | null }[] };
    expect(h.workers[0]).toMatchObject({ restarts: before.restarts + 1 });
    expect(h.workers[0]!.pid).not.toBe(before.pid);
  });

  it('restarts a worker browser whose page hangs (no heartbeat)', async () => {
    const before = node.supervisor!.status()[0]!;
    const page = node.supervisor!.workers[0]!.page!;
    void page.evaluate(() => {
      for (;;); // the page's main thread never returns
    }).catch(() => undefined);
    const hung = Date.now();
    await waitFor('the hung browser replaced', () => node.supervisor!.status()[0]!.incarnation > before.incarnation, 20_000);
    await framesFlow(hung, 20_000, 3);
    expect(node.supervisor!.status()[0]!.pid).not.toBe(before.pid);
  });

  it('replaces a dead mediasoup worker and recreates the producers', async () => {
    const pid = node.sfu.workerPid!;
    process.kill(pid, 'SIGKILL');
    const killed = Date.now();
    await waitFor('a new mediasoup worker', () => node.sfu.restarts === 1 && node.sfu.workerPid !== pid, 10_000);
    await framesFlow(killed, 20_000, 3);
    expect((await health())['cam-a']!.state).toBe('live');
  });
});
