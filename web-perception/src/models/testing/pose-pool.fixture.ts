/**
 * Test page for pose-pool.test.ts: the in-page MediaPipe estimator and a PoseWorkerPool around it (real pose
 * workers from /pose-worker.js, served by the test's page host), on the same frame, so the test compares them.
 */
import { createPerceptionModels, type ModelsConfig, type PerceptionModels } from '../create.ts';
import { MediapipePoseEstimator } from '../pose.ts';
import { PoseWorkerPool } from '../pose-pool.ts';
import type { Box } from '../types.ts';

const urls = { modelsBase: '/models', ortWasmBase: '/ort/', mediapipeWasmBase: '/mediapipe/wasm' };
const logs: string[] = [];
let models: PerceptionModels | undefined;
let local: MediapipePoseEstimator | undefined;
let pool: PoseWorkerPool | undefined;
let workers: Worker[] = [];

async function load(url: string): Promise<ImageBitmap> {
  const res = await fetch(url);
  return createImageBitmap(await res.blob());
}

const api = {
  logs,
  async init(cfg: ModelsConfig) {
    models = await createPerceptionModels(cfg, urls, ['detector', 'pose'], (m, f) => logs.push(`${m} ${JSON.stringify(f ?? {})}`));
    if (!(models.pose instanceof MediapipePoseEstimator)) throw new Error('no MediaPipe estimator');
    local = models.pose;
  },
  /** A pool over `scripts` (one worker each; a bad URL makes a worker that fails to start). */
  async startPool(scripts: string[], timeoutMs: number, localShare = true) {
    workers = scripts.map((s) => new Worker(s));
    pool = await PoseWorkerPool.create(local!, workers, {
      options: { baseUrl: urls.modelsBase, mediapipeWasmBase: urls.mediapipeWasmBase, variant: 'full', delegate: 'CPU' },
      timeoutMs,
      localShare,
      log: (m, f) => logs.push(`${m} ${JSON.stringify(f ?? {})}`),
    });
    return pool.workers;
  },
  /** The persons the detector finds (largest first), at most `max`. */
  async boxes(url: string, max: number): Promise<Box[]> {
    const img = await load(url);
    const d = (await models!.detector!.detect(img)).filter((x) => x.classId === 0).sort((a, b) => b.box.h - a.box.h);
    img.close();
    return d.slice(0, max).map((x) => x.box);
  },
  /** The same frame and boxes through the in-page estimator, then the pool. */
  async compare(url: string, boxes: Box[]) {
    const img = await load(url);
    const t0 = performance.now();
    const ref = await local!.estimate(img, boxes);
    const t1 = performance.now();
    const pooled = await pool!.estimate(img, boxes);
    const t2 = performance.now();
    img.close();
    return { ref, pooled, workers: pool!.workers, stats: pool!.stats(), ms: { ref: t1 - t0, pooled: t2 - t1 } };
  },
  /** Kills worker `i` without telling the pool (a crashed worker thread: no answer, no error event). */
  kill(i: number) {
    workers[i]!.terminate();
  },
};
(window as unknown as { gymPosePool: typeof api }).gymPosePool = api;
export type PosePoolApi = typeof api;
