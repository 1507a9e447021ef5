import { describe, expect, it } from 'vitest';
import { PerceptionFrame } from '@gym/shared';
import { toWireFrame } from '../net/packing.ts';
import type { BoxXYWH } from '../tracking/box.ts';
import { CameraPipeline } from './camera-pipeline.ts';
import { fakeModels, type FakeImage } from './fake-models.ts';

const W = 1280;
const H = 720;
const FPS = 5;
const jit = (i: number, k: number) => 2 * Math.sin(i * 12.9898 + k * 78.233);

/**
 * Two people walking across (0.5 box heights/s) and one squatting in place (a rep every 2.4 s). The fake pose
 * model finds a followed person where they were, so walkers are kept slow enough for the tracker's IoU.
 */
function gym(frames: number) {
  return Array.from({ length: frames }, (_, i) => {
    const squatH = 320 * (1 - 0.15 * (1 - Math.cos((2 * Math.PI * i) / 12)));
    const boxes: BoxXYWH[] = [
      { x: 40 + 20 * i + jit(i, 0), y: 180 + jit(i, 1), w: 80, h: 200 },
      { x: 1100 - 20 * i + jit(i, 2), y: 200 + jit(i, 3), w: 75, h: 190 },
      { x: 560 + jit(i, 4), y: 560 - squatH + jit(i, 5), w: 130, h: squatH },
    ];
    const image: FakeImage = { width: W, height: H, detections: boxes.map((box) => ({ box, score: 0.9 })), identities: [0, 1, 2] };
    return { image, ts: 1_764_000_000_000 + (i * 1000) / FPS, boxes };
  });
}

/** Which scene person a reported box is (nearest centre). */
function whoIs(b: BoxXYWH, truth: BoxXYWH[]): number {
  let best = -1;
  let bd = Infinity;
  truth.forEach((t, k) => {
    const d = Math.abs(t.x + t.w / 2 - (b.x + b.w / 2));
    if (d < bd) ((bd = d), (best = k));
  });
  return best;
}

describe('CameraPipeline with attention by activity', () => {
  it('poses the squatter on every frame and the walkers on a third of them, keeping everyone tracked with the same ids', async () => {
    const frames = gym(40);
    const ref = fakeModels();
    const reference = new CameraPipeline(ref.models, { cameraId: 'cam-1', detectEvery: 2 });
    for (const f of frames) await reference.process({ image: f.image, ts: f.ts, width: W, height: H });

    const att = fakeModels();
    const p = new CameraPipeline(att.models, { cameraId: 'cam-1', detectEvery: 2, attention: true });
    const skeletons = [0, 0, 0];
    const present = [0, 0, 0];
    const activities: string[][] = [[], [], []];
    const ids: Set<number>[] = [new Set(), new Set(), new Set()];
    for (const [i, f] of frames.entries()) {
      const r = await p.process({ image: f.image, ts: f.ts, width: W, height: H });
      expect(PerceptionFrame.safeParse(toWireFrame(r.draft)).success).toBe(true);
      if (i < 15) continue; // after the first 3 s: classified
      for (const t of r.tracks) {
        const k = whoIs(t.box, f.boxes);
        present[k]!++;
        ids[k]!.add(t.trackId);
        if (t.skeleton) skeletons[k]!++;
        activities[k]!.push(t.attention!.activity);
      }
      const wire = toWireFrame(r.draft);
      expect(wire.tracks.every((t) => t.attention && t.attention.poseFps >= 0)).toBe(true);
    }
    const n = frames.length - 15;
    expect(present).toEqual([n, n, n]);
    expect(ids.map((s) => s.size)).toEqual([1, 1, 1]);
    expect(p.tracker.idsIssued).toBe(3);
    expect(skeletons[2]).toBe(n);
    expect(new Set(activities[2])).toEqual(new Set(['exercising']));
    for (const k of [0, 1]) {
      expect(new Set(activities[k])).toEqual(new Set(['walking']));
      expect(skeletons[k]! / n).toBeGreaterThan(0.25);
      expect(skeletons[k]! / n).toBeLessThan(0.45);
    }
    // Poses asked for: the reference poses all three people on every frame.
    expect(ref.calls.poseBoxes).toBe(3 * frames.length);
    expect(att.calls.poseBoxes / ref.calls.poseBoxes).toBeLessThan(0.7);
    // The detector keeps its own rate.
    expect(att.calls.detect).toBe(ref.calls.detect);
  });

  it('without attention sends no attention field (the wire stays as it was)', async () => {
    const { models } = fakeModels();
    const p = new CameraPipeline(models, { cameraId: 'cam-1', detectEvery: 2 });
    for (const f of gym(6)) {
      const r = await p.process({ image: f.image, ts: f.ts, width: W, height: H });
      expect(r.draft.tracks.every((t) => t.attention === undefined)).toBe(true);
    }
  });
});
