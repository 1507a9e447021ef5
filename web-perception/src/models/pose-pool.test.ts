/**
 * The pose worker pool in headless Chromium with the real MediaPipe model (wasm): on a fixed vtest frame the pool
 * (this thread + one pose worker) gives the same poses, in box order, as the in-page estimator; a worker that
 * dies mid-run or never starts is dropped and its poses come from the page, so estimate() still answers in full.
 * Skipped when models/ or the footage are missing (set-up not run).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startPageHost, type PageHost } from './node/page-host.ts';
import { VTEST, vtestFrames } from './node/test-footage.ts';
import type { PosePoolApi } from './testing/pose-pool.fixture.ts';
import type { Box, PersonPose } from './types.ts';

const ready = existsSync(VTEST) && existsSync(join(ROOT, 'models/manifest.json')) && existsSync('/usr/bin/chromium');
const CFG = { backend: 'wasm', detector: 'nanodet-m', pose: 'full', body: 'appearance-stripes-v1', faceDetector: 'blazeface', face: 'faceres' } as const;
type W = { gymPosePool: PosePoolApi };

/** Largest |difference| of x, y (frame-normalised) and visibility over all landmarks of two pose lists. */
function maxDiff(a: (PersonPose | null)[], b: (PersonPose | null)[]): number {
  expect(b.map((p) => p === null)).toEqual(a.map((p) => p === null));
  let d = 0;
  a.forEach((p, i) => p && p.landmarks.forEach((l, j) => [0, 1, 3].forEach((k) => (d = Math.max(d, Math.abs(l[k]! - b[i]!.landmarks[j]![k]!))))));
  return d;
}

describe.skipIf(!ready)('PoseWorkerPool (MediaPipe pose in Web Workers)', () => {
  let host: PageHost;
  let frame: string;
  let boxes: Box[];
  beforeAll(async () => {
    const png = vtestFrames([2.0])[0]!;
    host = await startPageHost({
      entry: join(ROOT, 'web-perception/src/models/testing/pose-pool.fixture.ts'),
      title: 'pose pool',
      readyGlobal: 'gymPosePool',
      workers: { '/pose-worker.js': join(ROOT, 'web-perception/src/models/pose.worker.ts') },
      route: (p) => (p === '/frame.png' ? { file: png } : undefined),
    });
    frame = '/frame.png';
    await host.page.evaluate((c) => (window as unknown as W).gymPosePool.init(c), CFG);
    boxes = await host.page.evaluate((u) => (window as unknown as W).gymPosePool.boxes(u, 4), frame);
    expect(boxes.length).toBeGreaterThanOrEqual(3);
  }, 120_000);
  afterAll(async () => host?.close());

  it('gives the in-page poses, in box order, with a share computed by the worker', async () => {
    expect(await host.page.evaluate(() => (window as unknown as W).gymPosePool.startPool(['/pose-worker.js'], 20_000))).toBe(1);
    const r = await host.page.evaluate(([u, b]) => (window as unknown as W).gymPosePool.compare(u, b), [frame, boxes] as const);
    expect(r.ref.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    const d = maxDiff(r.ref, r.pooled);
    console.info(`[pose-pool] ${boxes.length} boxes, ${r.ref.filter(Boolean).length} poses; max |pool − in-page| ${d.toExponential(2)}`);
    expect(d).toBeLessThanOrEqual(1e-3);
    // Each pose sits on its own box (order kept), and the worker did its share (boxes 1 and 3).
    r.pooled.forEach((p, i) => p && expect(p.box).toEqual(boxes[i]));
    expect(r.workers).toBe(1);
    expect(r.stats[0]).toMatchObject({ served: 1, dead: null });
  }, 120_000);

  it('falls back to the page when the worker dies: every pose still comes back, the same', async () => {
    await host.page.evaluate(() => (window as unknown as W).gymPosePool.startPool(['/pose-worker.js'], 1500));
    await host.page.evaluate(() => (window as unknown as W).gymPosePool.kill(0));
    const r = await host.page.evaluate(([u, b]) => (window as unknown as W).gymPosePool.compare(u, b), [frame, boxes] as const);
    expect(maxDiff(r.ref, r.pooled)).toBeLessThanOrEqual(1e-3);
    expect(r.workers).toBe(0);
    expect(r.stats[0]!.dead).toMatch(/no answer within 1500 ms/);
    const logs = await host.page.evaluate(() => (window as unknown as W).gymPosePool.logs);
    expect(logs.some((l) => l.startsWith('pose worker dropped, its poses run in this thread'))).toBe(true);
    // The next frame goes straight to the page (no second wait).
    const t0 = Date.now();
    const again = await host.page.evaluate(([u, b]) => (window as unknown as W).gymPosePool.compare(u, b), [frame, boxes] as const);
    expect(Date.now() - t0).toBeLessThan(1500 + 2 * 2000);
    expect(maxDiff(again.ref, again.pooled)).toBeLessThanOrEqual(1e-3);
  }, 120_000);

  it('starts with no worker when the worker script cannot load, and poses in the page', async () => {
    expect(await host.page.evaluate(() => (window as unknown as W).gymPosePool.startPool(['/no-such-worker.js'], 1500))).toBe(0);
    const r = await host.page.evaluate(([u, b]) => (window as unknown as W).gymPosePool.compare(u, b), [frame, boxes] as const);
    expect(maxDiff(r.ref, r.pooled)).toBeLessThanOrEqual(1e-3);
    const logs = await host.page.evaluate(() => (window as unknown as W).gymPosePool.logs);
    expect(logs.some((l) => l.startsWith('no pose worker could start'))).toBe(true);
  }, 120_000);
});
