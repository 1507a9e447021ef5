/**
 * The worker page's perception half in real headless Chromium: startPerception → a real inference Web Worker
 * with the real models (nanodet + MediaPipe pose + appearance embedder, wasm) → socket.io to a server in this
 * test, over frames of vtest.avi. Skipped when models/ or the footage are missing (set-up not run).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { WorkerStats } from '@gym/shared';
import { decodeVideo, probeVideo } from '../cli/analyse-video/video-decoder.ts';
import { startPerceptionHarness, type PerceptionWindow as W } from './testing/perception-harness.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const ready = existsSync(VTEST) && existsSync(join(ROOT, 'models/manifest.json')) && existsSync('/usr/bin/chromium');

describe.skipIf(!ready)('startPerception in Chromium with the real models', () => {
  it.each([
    ['one inference worker', false, 0],
    ['the detector in a worker of its own', true, 0],
    ['a pose worker beside the inference worker', false, 1],
  ])('sends tracked people with skeletons and some body embeddings to the server, and worker stats (%s)', async (_name, detectorWorker, poseWorkers) => {
    const frames: { data: Buffer; width: number; height: number }[] = [];
    const info = await probeVideo(VTEST);
    for await (const f of decodeVideo(VTEST, info, { fps: 5, maxSeconds: 1.6 })) frames.push(f);
    const h = await startPerceptionHarness();
    try {
      const loaded = await h.page.evaluate(([t, d, p]) => (window as unknown as W).gymPerception.start({ token: t, fps: 5, roles: ['detector', 'pose', 'body'], detectorWorker: d, poseWorkers: p }), [h.token, detectorWorker, poseWorkers] as const);
      expect(loaded.poseWorkers).toBe(poseWorkers);
      expect(loaded.models).toMatchObject({ detector: 'nanodet-m', pose: expect.stringContaining('mediapipe'), body: expect.any(String) });
      expect(loaded.backend).toBe('wasm');
      await vi.waitFor(async () => expect(await h.page.evaluate(() => (window as unknown as W).gymPerception.connected())).toBe(true), { timeout: 10_000, interval: 50 });
      const outcomes: string[] = [];
      for (const [i, f] of frames.entries()) {
        const url = h.putFrame(f.data);
        outcomes.push(await h.page.evaluate(([u, ts, w, hh]) => (window as unknown as W).gymPerception.offer('cam-1', u, ts, w, hh), [url, 1_764_000_000_000 + i * 200, f.width, f.height] as const));
      }
      expect(outcomes).toEqual(frames.map(() => 'sent'));
      await vi.waitFor(() => expect(h.arrivals).toHaveLength(frames.length), { timeout: 10_000, interval: 50 });
      expect(h.arrivals.every((a) => a.parsed.success)).toBe(true);
      const msgs = h.arrivals.map((a) => a.parsed.data!);
      // People are tracked: some id is present in (almost) every frame, with a skeleton from the pose model.
      const seen = new Map<number, number>();
      for (const m of msgs) for (const t of m.tracks) seen.set(t.trackId, (seen.get(t.trackId) ?? 0) + 1);
      expect(Math.max(...seen.values())).toBeGreaterThanOrEqual(frames.length - 1);
      const tracks = msgs.flatMap((m) => m.tracks);
      expect(tracks.filter((t) => t.skeleton).length).toBeGreaterThan(tracks.length / 2);
      // Body embeddings: some, not on every track of every frame (quality gate + refresh interval).
      const withBody = tracks.filter((t) => t.bodyEmbedding).length;
      expect(withBody).toBeGreaterThan(0);
      expect(withBody).toBeLessThan(tracks.length);
      // Stats are reported periodically: the report that counts every offered frame may come a beat after the last frame.
      const last = () => WorkerStats.parse(h.stats[h.stats.length - 1]);
      await vi.waitFor(() => expect(h.stats.length > 0 && last().cameras[0]?.decodedFrames).toBe(frames.length), { timeout: 5000, interval: 50 });
      const s = last();
      expect(s.backend).toBe('wasm');
      expect(s.cameras[0]).toMatchObject({ cameraId: 'cam-1', decodedFrames: frames.length, droppedFrames: 0 });
      expect(Object.keys(s.cameras[0]!.stageMs)).toEqual(expect.arrayContaining(['detect', 'pose', 'frameToSend', ...(detectorWorker ? ['detectWait'] : [])]));
      expect(h.pageErrors).toEqual([]);
    } finally {
      await h.close();
    }
  }, 180_000);

  it('starts without the pose worker whose script cannot load (the page forwards its error) and still sends skeletons', async () => {
    const frames: { data: Buffer; width: number; height: number }[] = [];
    const info = await probeVideo(VTEST);
    for await (const f of decodeVideo(VTEST, info, { fps: 5, maxSeconds: 0.6 })) frames.push(f);
    const h = await startPerceptionHarness();
    try {
      const t0 = Date.now();
      const loaded = await h.page.evaluate(
        (t) => (window as unknown as W).gymPerception.start({ token: t, fps: 5, roles: ['detector', 'pose'], poseWorkers: 1, poseWorkerScript: '/no-such-worker.js' }),
        h.token,
      );
      // Well before the pool's 60 s start timeout: the forwarded error event dropped the worker at once.
      expect(Date.now() - t0).toBeLessThan(45_000);
      expect(loaded.poseWorkers).toBe(0);
      await vi.waitFor(async () => expect(await h.page.evaluate(() => (window as unknown as W).gymPerception.connected())).toBe(true), { timeout: 10_000, interval: 50 });
      for (const [i, f] of frames.entries()) {
        const url = h.putFrame(f.data);
        expect(await h.page.evaluate(([u, ts, w, hh]) => (window as unknown as W).gymPerception.offer('cam-1', u, ts, w, hh), [url, 1_764_000_000_000 + i * 200, f.width, f.height] as const)).toBe('sent');
      }
      await vi.waitFor(() => expect(h.arrivals).toHaveLength(frames.length), { timeout: 10_000, interval: 50 });
      expect(h.arrivals.flatMap((a) => a.parsed.data!.tracks).some((t) => t.skeleton)).toBe(true);
    } finally {
      await h.close();
    }
  }, 120_000);
});
