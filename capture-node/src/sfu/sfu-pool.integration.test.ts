/**
 * Several mediasoup workers on one host: two cameras are ingested on two workers (one core each) and one worker
 * page receives both over one connection, so one camera reaches the page's router through `pipeToRouter`.
 * Killing the worker of one camera restarts that camera only; the other keeps flowing without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraHealth, WorkerStats } from '@gym/shared';
import type { CaptureNode } from '../app.ts';
import { SimCamera } from '../sim-camera/sim-camera.ts';
import { freePort, startTestNode, waitFor } from '../testing/harness.ts';
import { buildWorkerPage } from '../testing/worker-page.ts';

let cam: SimCamera;
let node: CaptureNode;

async function pageStats(): Promise<Map<string, WorkerStats['cameras'][number]>> {
  const page = node.supervisor?.workers[0]?.page;
  const s = page ? ((await page.evaluate(() => window.gymWorker?.stats() ?? null).catch(() => null)) as WorkerStats | null) : null;
  return new Map((s?.cameras ?? []).map((c) => [c.cameraId, c]));
}

/** Decoded-frame counts of both cameras grow by `n` after now. */
async function bothFlow(timeoutMs: number, n = 5): Promise<void> {
  const base = await pageStats();
  await waitFor(
    'frames of cam-a and cam-b',
    async () => {
      const now = await pageStats();
      return ['cam-a', 'cam-b'].every((id) => (now.get(id)?.decodedFrames ?? 0) >= (base.get(id)?.decodedFrames ?? 0) + n && (now.get(id)?.decodedFrames ?? 0) > 0);
    },
    timeoutMs,
    200,
  );
}

beforeAll(async () => {
  const [webDist, port] = await Promise.all([buildWorkerPage(), freePort()]);
  cam = new SimCamera({ port, gop: 5 });
  await cam.start();
  node = await startTestNode({
    webDistDir: webDist,
    // The same simulated camera twice (the RTSP server serves each client its own session).
    cameras: [
      { id: 'cam-a', rtspUrl: cam.url },
      { id: 'cam-b', rtspUrl: cam.url },
    ],
    env: { CAPTURE_MEDIASOUP_WORKERS: '2' },
    heartbeatTimeoutMs: 8000,
  });
}, 60_000);

afterAll(async () => {
  await node?.stop();
  await cam?.stop();
});

describe('mediasoup worker pool', () => {
  it('ingests the cameras on two workers and pipes one to the page’s router', async () => {
    expect(node.sfu.size).toBe(2);
    expect(node.sfu.workerPids.every((p) => typeof p === 'number')).toBe(true);
    await waitFor('both cameras live', () => ['cam-a', 'cam-b'].every((id) => node.cameras.get(id)!.health.state === 'live'), 30_000);
    const ra = node.cameras.get('cam-a')!.router!;
    const rb = node.cameras.get('cam-b')!.router!;
    expect(ra.id).not.toBe(rb.id);
    await bothFlow(60_000, 20);
    // The page's one connection lives on one router: the other camera came to it through a pipe.
    expect(node.sfu.pipes).toBe(1);
  });

  it('restarts only the cameras of a dead worker; the other camera keeps its producer', async () => {
    const a = node.cameras.get('cam-a')!;
    const b = node.cameras.get('cam-b')!;
    const keep = a.producer!.id;
    const [pidA, pidB] = node.sfu.workerPids as number[];
    expect(a.router!.appData['slot']).toBe(0);
    process.kill(pidB!, 'SIGKILL');
    await waitFor('slot 1 replaced', () => node.sfu.restarts === 1 && node.sfu.workerPids[1] !== pidB && node.sfu.workerPids[1] !== null, 10_000);
    await waitFor('cam-b live again', () => b.health.state === 'live' && b.producer !== null, 20_000);
    await bothFlow(30_000, 5);
    expect(node.sfu.workerPids[0]).toBe(pidA);
    expect(a.producer!.id).toBe(keep);
    const health = (await (await fetch(`${node.baseUrl}/health`)).json()) as { cameras: CameraHealth[] };
    expect(health.cameras.map((h) => h.state)).toEqual(['live', 'live']);
  });
});
