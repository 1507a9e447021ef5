/**
 * The pose stage alone: the same vtest frame and person boxes through the in-page MediaPipe estimator and through
 * the pose pool (this thread + BENCH_POSE_WORKERS workers, default 1; BENCH_LOCAL_SHARE=0: the workers alone), alternating, BENCH_ROUNDS times (default 20).
 * Prints the wall ms of each per frame and their ratio, and the machine's load (the pool can only gain where a
 * second core is free).
 *
 *   BENCH_BOXES=4 npx tsx bench/pose-pool.bench.ts
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT, startPageHost } from '../web-perception/src/models/node/page-host.ts';
import { vtestFrames } from '../web-perception/src/models/node/test-footage.ts';
import type { PosePoolApi } from '../web-perception/src/models/testing/pose-pool.fixture.ts';
import { childCpuSeconds } from './lib/child-cpu.ts';
import { headline } from './lib/report.ts';

type W = { gymPosePool: PosePoolApi };
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 20);
const WORKERS = Number(process.env['BENCH_POSE_WORKERS'] ?? 1);
const BOXES = Number(process.env['BENCH_BOXES'] ?? 4);
/** BENCH_LOCAL_SHARE=0: every pose in the workers (the page thread only crops and waits). */
const LOCAL_SHARE = process.env['BENCH_LOCAL_SHARE'] !== '0';
const png = vtestFrames([2.0])[0]!;
const host = await startPageHost({
  entry: join(ROOT, 'web-perception/src/models/testing/pose-pool.fixture.ts'),
  title: 'pose pool bench',
  readyGlobal: 'gymPosePool',
  workers: { '/pose-worker.js': join(ROOT, 'web-perception/src/models/pose.worker.ts') },
  route: (p) => (p === '/frame.png' ? { file: png } : undefined),
});
try {
  const page = host.page;
  const CFG = { backend: 'wasm', detector: 'nanodet-m', pose: 'full', body: 'appearance-stripes-v1', faceDetector: 'blazeface', face: 'faceres' } as const;
  await page.evaluate((c) => (window as unknown as W).gymPosePool.init(c), CFG);
  const started = await page.evaluate(([n, l]) => (window as unknown as W).gymPosePool.startPool(Array.from({ length: n }, () => '/pose-worker.js'), 20_000, l), [WORKERS, LOCAL_SHARE] as const);
  const boxes = await page.evaluate((n) => (window as unknown as W).gymPosePool.boxes('/frame.png', n), BOXES);
  console.log(`vtest frame, ${boxes.length} person boxes, ${started} pose worker(s)${LOCAL_SHARE ? ' + the page' : ' (the page poses none)'}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}`);
  let ref = 0;
  let pooled = 0;
  let last: Awaited<ReturnType<PosePoolApi['compare']>> | undefined;
  const cpu0 = childCpuSeconds();
  for (let i = 0; i < ROUNDS; i++) {
    last = await page.evaluate((b) => (window as unknown as W).gymPosePool.compare('/frame.png', b), boxes);
    if (i === 0) continue; // warm-up
    ref += last.ms.ref;
    pooled += last.ms.pooled;
  }
  const cpu = childCpuSeconds() - cpu0;
  const n = ROUNDS - 1;
  console.log(`in-page ${(ref / n).toFixed(0)} ms per frame, pool ${(pooled / n).toFixed(0)} ms (${(ref / pooled).toFixed(2)}× faster); browser CPU ${cpu.toFixed(1)} s over both; load average now ${loadavg()[0]!.toFixed(1)}`);
  console.log('pool workers:', JSON.stringify(last?.stats));
  headline({ metric: `pose stage ms per frame, ${boxes.length} people, pool of ${started} worker(s) + page`, value: pooled / n, unit: 'ms', reference: { label: 'in-page', value: ref / n } });
} finally {
  await host.close();
}
