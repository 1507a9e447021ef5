/**
 * Two capture nodes (two mini-PCs; here two processes' worth on loopback): node A ingests the camera, node B's
 * browser worker analyses it. B pipes the stream from A (mediasoup PipeTransports, negotiated over A's
 * `/signaling` with a peer token). When A's camera drops, B's health follows and B's worker gets the picture
 * back once A is live again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerStats } from '@gym/shared';
import type { CaptureNode } from '../app.ts';
import { SimCamera } from '../sim-camera/sim-camera.ts';
import { freePort, startTestNode, waitFor } from '../testing/harness.ts';
import { buildWorkerPage } from '../testing/worker-page.ts';

let cam: SimCamera;
let a: CaptureNode;
let b: CaptureNode;

async function decodedOnB(): Promise<number> {
  const page = b.supervisor?.workers[0]?.page;
  const s = page ? ((await page.evaluate(() => window.gymWorker?.stats() ?? null).catch(() => null)) as WorkerStats | null) : null;
  return s?.cameras.find((c) => c.cameraId === 'cam-x')?.decodedFrames ?? 0;
}
async function framesFlowOnB(n: number, timeoutMs: number): Promise<void> {
  const base = await decodedOnB();
  await waitFor(`${n} more frames of cam-x on node B`, async () => (await decodedOnB()) >= base + n, timeoutMs, 200);
}

beforeAll(async () => {
  const [webDist, rtsp, portA, portB] = await Promise.all([buildWorkerPage(), freePort(), freePort(), freePort()]);
  cam = new SimCamera({ port: rtsp, gop: 5 });
  await cam.start();
  const nodes = [
    { id: 'node-a', url: `http://127.0.0.1:${portA}` },
    { id: 'node-b', url: `http://127.0.0.1:${portB}` },
  ];
  const cameras = [{ id: 'cam-x', rtspUrl: cam.url, node: 'node-a', analysedOn: 'node-b' }];
  a = await startTestNode({ webDistDir: webDist, cameras, workers: 0, gym: { nodes }, tokens: 'test-token,peer-token-of-the-gym,only-x-token:cam-x', env: { CAPTURE_NODE_ID: 'node-a', CAPTURE_PORT: String(portA) } });
  b = await startTestNode({
    webDistDir: webDist,
    cameras,
    gym: { nodes },
    env: { CAPTURE_NODE_ID: 'node-b', CAPTURE_PORT: String(portB), CAPTURE_PEER_TOKEN: 'peer-token-of-the-gym', CAPTURE_RTC_MIN_PORT: '43000', CAPTURE_RTC_MAX_PORT: '43999' },
    heartbeatTimeoutMs: 8000,
  });
}, 60_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await cam?.stop();
});

describe('camera on node A, analysed on node B', () => {
  it('is ingested once, on A, and reaches B’s worker through a pipe', async () => {
    expect(a.cameras.get('cam-x')).toBeDefined();
    expect(a.supervisor).toBeNull();
    expect(b.cameras.get('cam-x')).toBeUndefined(); // B runs no ffmpeg for it
    await waitFor('cam-x live on B', () => b.cameras.remote('cam-x')?.health.state === 'live', 30_000);
    expect(b.supervisor!.status()[0]!.cameras).toEqual(['cam-x']);
    await framesFlowOnB(20, 60_000);
    const listed = (await (await fetch(`${b.baseUrl}/cameras`)).json()) as { id: string; health: { state: string } }[];
    expect(listed).toEqual([expect.objectContaining({ id: 'cam-x', health: expect.objectContaining({ state: 'live' }) })]);
    // The pipe is SRTP (the default), so the frames above were decrypted with the keys exchanged over signaling.
    const suites = await b.cameras.remote('cam-x')!.pipeSecurity();
    expect(suites.length).toBeGreaterThan(0);
    expect(suites.every((x) => x === 'AEAD_AES_256_GCM')).toBe(true);
  });

  it('refuses a plain (non-SRTP) pipe, also to the peer token', async () => {
    const { io } = await import('socket.io-client');
    const s = io(`${a.baseUrl}/signaling`, { auth: { token: 'peer-token-of-the-gym' }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((res, rej) => (s.once('connect', () => res()), s.once('connect_error', rej)));
    const r = (await s.timeout(5000).emitWithAck('pipe:create', { cameraId: 'cam-x', ip: '127.0.0.1', port: 40000 })) as { ok: boolean; error?: { code: string } };
    expect(r).toMatchObject({ ok: false, error: { code: 'SRTP_REQUIRED' } });
    const badKey = (await s.timeout(5000).emitWithAck('pipe:create', { cameraId: 'cam-x', ip: '127.0.0.1', port: 40000, srtp: { cryptoSuite: 'AEAD_AES_256_GCM', keyBase64: 'not base64!!!!!!!!!' } })) as { ok: boolean; error?: { code: string } };
    expect(badKey).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    s.close();
  });

  it('follows A’s camera down and back up', async () => {
    const ingest = a.cameras.get('cam-x')!;
    process.kill(ingest.ffmpegPid!, 'SIGKILL');
    await waitFor('cam-x not live on B', () => b.cameras.remote('cam-x')!.health.state !== 'live', 10_000, 50);
    await waitFor('cam-x live again on B', () => b.cameras.remote('cam-x')!.health.state === 'live', 30_000);
    await framesFlowOnB(10, 30_000);
  });

  it('refuses pipe:create to a token that does not grant every camera', async () => {
    const { io } = await import('socket.io-client');
    const s = io(`${a.baseUrl}/signaling`, { auth: { token: 'only-x-token' }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((res, rej) => (s.once('connect', () => res()), s.once('connect_error', rej)));
    const r = (await s.timeout(5000).emitWithAck('pipe:create', { cameraId: 'cam-x', ip: '127.0.0.1', port: 40000 })) as { ok: boolean; error?: { code: string } };
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const bad = (await s.timeout(5000).emitWithAck('pipe:create', { cameraId: 'cam-x', ip: 'not-an-ip', port: 40000 })) as { ok: boolean; error?: { code: string; message: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(bad.error!.message).toContain('ip');
    s.close();
  });
});
