import { describe, expect, it } from 'vitest';
import { LM, type Landmark } from '@gym/shared';
import type { BoxXYWH } from '../tracking/box.ts';
import { CameraPipeline } from './camera-pipeline.ts';
import { skeletonInBox, type FakeImage } from './fake-models.ts';
import type { PipelineModels } from './model-ports.ts';
import { landmarkExtent, poseRegion } from './pose-region.ts';

const W = 640;
const H = 480;
/** A person standing in a lunge stance, 360 px tall; the detector's torso-only box covers its upper half. */
const body: BoxXYWH = { x: 250, y: 60, w: 140, h: 360 };
const torso: BoxXYWH = { x: 255, y: 60, w: 130, h: 190 };
const full = skeletonInBox(body, W, H);
const px = (l: Landmark): { x: number; y: number } => ({ x: l[0] * W, y: l[1] * H });
const holds = (b: BoxXYWH, p: { x: number; y: number }): boolean => p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h;

describe('poseRegion', () => {
  it('a torso-only detection with the previous full-body landmarks: the region holds the legs', () => {
    const r = poseRegion(torso, full, W, H);
    for (const j of [LM.left_ankle, LM.right_ankle, LM.left_knee, LM.right_knee, LM.left_heel, LM.right_foot_index]) expect(holds(r, px(full[j]!))).toBe(true);
    // The detection alone would not: the knees and ankles lie below it.
    expect(holds(torso, px(full[LM.left_ankle]!))).toBe(false);
    // And the region still holds all of the detection.
    expect(r.x).toBeLessThanOrEqual(torso.x);
    expect(r.y + r.h).toBeGreaterThanOrEqual(torso.y + torso.h);
    expect(r.h).toBeGreaterThan(1.8 * torso.h);
  });

  it('without previous landmarks the region is the detection', () => {
    expect(poseRegion(torso, null, W, H)).toBe(torso);
    expect(poseRegion(torso, [], W, H)).toBe(torso);
  });

  it("ignores landmarks that are not this detection's (a neighbour two metres away)", () => {
    const neighbour = skeletonInBox({ x: 20, y: 60, w: 140, h: 360 }, W, H);
    expect(poseRegion(torso, neighbour, W, H)).toBe(torso);
  });

  it('does not grow past maxGrowth (a pose gone wild)', () => {
    const wild: Landmark[] = full.map((l, i) => (i === LM.left_ankle ? [l[0], 5, l[2], l[3]] : i === LM.right_wrist ? [-4, l[1], l[2], l[3]] : l));
    const small: BoxXYWH = { x: 290, y: 100, w: 60, h: 80 };
    expect(poseRegion(small, wild, 6400, 4800)).toBe(small);
  });

  it('clips the landmarks to the frame (a leg predicted below the image)', () => {
    const below = full.map((l): Landmark => [l[0], l[1] + 0.2, l[2], l[3]]);
    const e = landmarkExtent(below, W, H)!;
    expect(e.y + e.h).toBeLessThanOrEqual(H);
  });
});

describe('CameraPipeline pose region', () => {
  /** Detector: the full body on frame 0, the torso only after it; pose: the full skeleton of whatever it is given. */
  function run(poseRegionOpt?: false, visibility = 0.95) {
    const asked: BoxXYWH[] = [];
    const models: PipelineModels<FakeImage> = {
      detector: {
        name: 'scripted',
        async detect(img) {
          return img.detections.map((d) => ({ box: d.box, score: d.score, classId: 0 }));
        },
      },
      pose: {
        name: 'box-recorder',
        async estimate(_img, boxes) {
          asked.push(...boxes);
          // The crop shows the legs only when it reaches them: a skeleton over the body's part inside the crop.
          return boxes.map((b) => {
            const bottom = Math.min(b.y + b.h, body.y + body.h);
            const lms = skeletonInBox({ ...body, h: bottom - body.y }, W, H).map((l): Landmark => [l[0], l[1], l[2], visibility]);
            return { landmarks: lms, score: 0.9 };
          });
        },
      },
    };
    const p = new CameraPipeline(models, { cameraId: 'c', tracker: { minHits: 1 }, ...(poseRegionOpt === false ? { poseRegion: false as const } : {}) });
    return { p, asked };
  }

  it('the pose of a torso-only detection is estimated on a crop that holds the previous frame’s legs', async () => {
    const { p, asked } = run();
    const ankleY = full[LM.left_ankle]![1] * H;
    for (let f = 0; f < 6; f++) {
      const det = f === 0 ? body : torso;
      await p.process({ image: { width: W, height: H, detections: [{ box: det, score: 0.9 }] }, ts: f * 100, width: W, height: H });
    }
    expect(asked.length).toBeGreaterThanOrEqual(5);
    // Every frame after the first: the crop reaches below the ankles the full-body frame showed.
    for (const b of asked.slice(1)) expect(b.y + b.h).toBeGreaterThan(ankleY);

    const before = run(false);
    for (let f = 0; f < 6; f++) {
      const det = f === 0 ? body : torso;
      await before.p.process({ image: { width: W, height: H, detections: [{ box: det, score: 0.9 }] }, ts: f * 100, width: W, height: H });
    }
    // Without the union the crop is the torso box: the legs are outside it.
    for (const b of before.asked.slice(1)) expect(b.y + b.h).toBeLessThan(ankleY);
  });

  it('a pose the model doubts (mean visibility under 0.5) does not widen the next crop', async () => {
    const { p, asked } = run(undefined, 0.3);
    for (let f = 0; f < 3; f++) {
      const det = f === 0 ? body : torso;
      await p.process({ image: { width: W, height: H, detections: [{ box: det, score: 0.9 }] }, ts: f * 100, width: W, height: H });
    }
    for (const b of asked.slice(1)) expect(b).toEqual(torso);
  });
});
