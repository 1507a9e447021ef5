/**
 * The analysis stream end to end: a 768×576 simulated camera with `analysisStream: { width: 384, fps: 4 }` →
 * capture-node makes a second, scaled producer from the same ffmpeg → the worker page's perception reads the
 * 384×288 stream (frames and worker stats say so) while a full-resolution consumer still gets the main stream.
 * Skipped when the set-up steps (models, footage, mediasoup worker) have not run.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureNode } from '../app.ts';
import { SimCamera } from '../sim-camera/sim-camera.ts';
import { freePort, startTestNode, waitFor } from '../testing/harness.ts';
import { PerceptionTestServer } from '../testing/perception-server.ts';
import { buildWorkerPage } from '../testing/worker-page.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const FOOTAGE = join(process.env['GYM_CACHE'] ?? join(homedir(), '.cache/smart-gym'), 'footage/vtest.mp4');
const ready = existsSync(join(ROOT, 'models/manifest.json')) && existsSync(FOOTAGE) && existsSync('/usr/bin/chromium');
const TOKEN = 'analysis-stream-worker-token';

let cam: SimCamera;
let node: CaptureNode;
let server: PerceptionTestServer;

beforeAll(async () => {
  if (!ready) return;
  const [webDist, port] = await Promise.all([buildWorkerPage(), freePort()]);
  server = await new PerceptionTestServer(TOKEN).start();
  cam = new SimCamera({ port, gop: 10 });
  await cam.start();
  node = await startTestNode({
    webDistDir: webDist,
    cameras: [{ id: 'cam-sub', rtspUrl: cam.url, analysisStream: { width: 384, fps: 4 } }],
    gym: { analysis: { fps: 2 }, models: { backend: 'wasm' } },
    env: { SERVER_URL: server.url, CAPTURE_SERVER_WORKER_TOKEN: TOKEN },
    heartbeatTimeoutMs: 30_000,
  });
}, 60_000);

afterAll(async () => {
  await node?.stop();
  await cam?.stop();
  await server?.stop();
});

describe.skipIf(!ready)('analysis stream', () => {
  it('gives the workers the scaled stream and keeps the main stream for everyone else', async () => {
    const ingest = node.cameras.get('cam-sub')!;
    await waitFor('cam-sub live with an analysis producer', () => ingest.health.state === 'live' && ingest.analysisProducer !== null, 30_000);
    expect(ingest.analysisProducer!.appData).toMatchObject({ stream: 'analysis', width: 384, height: 288 });
    expect(node.cameras.producer('cam-sub', 'main')?.producer.id).toBe(ingest.producer!.id);
    expect(node.cameras.producer('cam-sub', 'analysis')?.producer.id).toBe(ingest.analysisProducer!.id);
    // Perception frames carry the size of the video the worker analysed.
    await waitFor('3 perception frames', () => server.frames.length >= 3, 90_000, 250);
    expect(server.frames.every((f) => f.frame.width === 384 && f.frame.height === 288)).toBe(true);
    const st = await waitFor('worker:stats from the analysis stream', () => server.stats.find((s) => s.cameras[0]?.stream === 'analysis' && s.cameras[0].width > 0), 15_000);
    expect(st.cameras[0]).toMatchObject({ cameraId: 'cam-sub', stream: 'analysis', width: 384, height: 288 });
    // The main producer is still fed (the console's stream): its byte count grows.
    const bytes = async () => (await ingest.producer!.getStats()).reduce((s, x) => s + x.byteCount, 0);
    const b0 = await bytes();
    await waitFor('main stream bytes grow', async () => (await bytes()) > b0, 10_000, 250);
  });
});
