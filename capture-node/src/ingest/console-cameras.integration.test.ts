/**
 * Cameras added in the console, all real (#16): the server (PGlite) and capture-node (ffmpeg → mediasoup) talk as in
 * production; the simulated RTSP camera (GStreamer) is the camera. A probe answers codec, size, fps and a JPEG, or a
 * plain reason; an added camera goes live on capture-node without a restart; a removed one stops.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraHealth } from '@gym/shared';
import type { CaptureNode } from '../app.ts';
import { SimCamera } from '../sim-camera/sim-camera.ts';
import { freePort, silentServer, startTestNode, waitFor } from '../testing/harness.ts';
import { api, seedActors, startTestServer, WORKER_TOKEN, type TestServer } from '../../../server/src/testing/server.ts';

/** An RTSP server that refuses every request with 401 (a camera with a password the URL lacks). */
async function unauthorisedCamera(): Promise<{ port: number; server: Server }> {
  const server = createServer((sock) => {
    sock.on('data', (d) => {
      const cseq = /CSeq:\s*(\d+)/i.exec(d.toString())?.[1] ?? '1';
      sock.write(`RTSP/1.0 401 Unauthorized\r\nCSeq: ${cseq}\r\nWWW-Authenticate: Basic realm="cam"\r\n\r\n`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as { port: number }).port, server };
}

let cam: SimCamera;
let t: TestServer;
let node: CaptureNode;
let admin: string;
let hang: Awaited<ReturnType<typeof silentServer>>;
let locked: Awaited<ReturnType<typeof unauthorisedCamera>>;

async function health(): Promise<CameraHealth[]> {
  return ((await (await fetch(`${node.baseUrl}/health`)).json()) as { cameras: CameraHealth[] }).cameras;
}

describe('console cameras through capture-node', () => {
  beforeAll(async () => {
    cam = new SimCamera({ port: await freePort(), path: 'added', width: 320, height: 240, fps: 10 });
    await cam.start();
    hang = await silentServer();
    locked = await unauthorisedCamera();
    const capturePort = await freePort();
    t = await startTestServer('pglite', { captureUrl: `http://127.0.0.1:${capturePort}` });
    admin = (await seedActors(t)).admin;
    node = await startTestNode({
      cameras: [],
      webDistDir: '/nonexistent',
      workers: 0,
      env: { CAPTURE_PORT: String(capturePort), SERVER_URL: t.url, CAPTURE_SERVER_WORKER_TOKEN: WORKER_TOKEN, CAPTURE_CAMERA_SYNC_MS: '300' },
    });
  }, 90_000);
  afterAll(async () => {
    await node?.stop();
    await t?.close();
    await cam?.stop();
    hang?.server.close();
    locked?.server.close();
  });

  it('a probe of the simulated camera answers codec, size, frame rate and a JPEG snapshot', async () => {
    const r = await api(t, 'POST', '/api/cameras/test', admin, { rtspUrl: cam.url });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, codec: 'h264', width: 320, height: 240 });
    expect(r.body.fps).toBeCloseTo(10, 0);
    const jpeg = Buffer.from(String(r.body.snapshot).replace(/^data:image\/jpeg;base64,/, ''), 'base64');
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(jpeg.length).toBeGreaterThan(1000);
  }, 30_000);

  it('a probe explains a refused connection, a 401 and a silent camera, without the URL', async () => {
    const refused = await api(t, 'POST', '/api/cameras/test', admin, { rtspUrl: `rtsp://127.0.0.1:${await freePort()}/x` });
    expect(refused.body).toEqual({ ok: false, error: expect.stringMatching(/^connection refused/) });
    const unauth = await api(t, 'POST', '/api/cameras/test', admin, { rtspUrl: `rtsp://someone:wrong-pass@127.0.0.1:${locked.port}/x` });
    expect(unauth.body).toEqual({ ok: false, error: expect.stringMatching(/^401 unauthorised/) });
    expect(JSON.stringify(unauth.body)).not.toContain('wrong-pass');
    const silent = await api(t, 'POST', '/api/cameras/test', admin, { rtspUrl: `rtsp://127.0.0.1:${hang.port}/x` });
    expect(silent.body).toEqual({ ok: false, error: expect.stringMatching(/^timeout after 5 s/) });
  }, 60_000);

  it('an added camera goes live on capture-node without a restart, serves snapshots, and stops when removed', async () => {
    const add = await api(t, 'POST', '/api/cameras', admin, { id: 'cam-added', name: 'Added in the console', rtspUrl: cam.url });
    expect(add.status).toBe(201);
    await waitFor('cam-added live on capture-node', async () => (await health()).find((h) => h.cameraId === 'cam-added')?.state === 'live', 30_000, 200);
    const snap = await fetch(`${t.url}/api/cameras/cam-added/snapshot`, { headers: { authorization: `Bearer ${admin}` } });
    expect(snap.status).toBe(200);
    expect(snap.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await snap.arrayBuffer()).subarray(0, 2).toString('hex')).toBe('ffd8');
    const pid = node.cameras.get('cam-added')?.ffmpegPid;
    expect(pid).toBeGreaterThan(0);

    expect((await api(t, 'DELETE', '/api/cameras/cam-added', admin)).status).toBe(200);
    await waitFor('cam-added gone from capture-node', async () => !(await health()).some((h) => h.cameraId === 'cam-added'), 10_000, 200);
    await waitFor('its ffmpeg ended', () => {
      try {
        process.kill(pid!, 0);
        return false;
      } catch {
        return true;
      }
    }, 10_000, 100);
  }, 60_000);
});
