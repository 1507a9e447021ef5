/**
 * Deterministic stand-in models over a synthetic "image" (the ground truth of a scene), for unit tests, benches
 * and dry runs of the pipeline in Node. They honour the model interfaces' contracts (boxes in pixels, landmarks
 * normalised to the image, L2-normalised embeddings) and count their calls.
 */
import { LANDMARK_COUNT, LM, type Landmark } from '@gym/shared';
import type { BoxXYWH } from '../tracking/box.ts';
import type { Detection } from '../tracking/byte-tracker.ts';
import type { FaceLike, PipelineModels } from './model-ports.ts';

export interface FakeImage {
  width: number;
  height: number;
  /** What the detector "sees" this frame. */
  detections: Detection[];
  /** Identity of each detection (same index), for embeddings; −1 for clutter. */
  identities?: number[];
  /** Whether each detection's person faces the camera. */
  frontal?: boolean[];
}

export interface FakeCalls {
  detect: number;
  pose: number;
  poseBoxes: number;
  body: number;
  bodyBoxes: number;
  faceDetect: number;
  faceEmbed: number;
}

/** A standing person's 33 landmarks inside a box (normalised to the image). */
export function skeletonInBox(b: BoxXYWH, width: number, height: number, frontal = true): Landmark[] {
  const out: Landmark[] = [];
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    // Head landmarks near the top, then down the body by index: good enough for gating and plumbing tests.
    const fy = i <= 10 ? 0.06 + 0.01 * (i % 3) : 0.15 + (0.8 * (i - 11)) / 22;
    const fx = 0.5 + (i % 2 ? -0.4 : 0.4) * (i <= 10 ? 0.3 : 1);
    const faceLm = i === LM.nose || i === LM.left_eye || i === LM.right_eye;
    out.push([(b.x + fx * b.w) / width, (b.y + fy * b.h) / height, 0, faceLm && !frontal ? 0.1 : 0.95]);
  }
  return out;
}

/** Index of the detection that lies mostly (≥ 60 %) inside the crop, nearest its centre; −1 when none. */
function personInCrop(dets: readonly { box: BoxXYWH }[], c: BoxXYWH): number {
  let best = -1;
  let bestD = Infinity;
  dets.forEach((d, i) => {
    if (d.box === c) ((best = i), (bestD = -1));
    const w = Math.min(d.box.x + d.box.w, c.x + c.w) - Math.max(d.box.x, c.x);
    const h = Math.min(d.box.y + d.box.h, c.y + c.h) - Math.max(d.box.y, c.y);
    if (!(w > 0 && h > 0) || (w * h) / (d.box.w * d.box.h) < 0.6) return;
    const dd = Math.hypot(d.box.x + d.box.w / 2 - (c.x + c.w / 2), d.box.y + d.box.h / 2 - (c.y + c.h / 2));
    if (dd < bestD) ((best = i), (bestD = dd));
  });
  return best;
}

function unit(seed: number, dim: number): Float32Array {
  const v = new Float32Array(dim);
  let s = 0;
  for (let i = 0; i < dim; i++) {
    v[i] = Math.sin(seed * 12.9898 + i * 78.233);
    s += v[i]! * v[i]!;
  }
  const n = Math.sqrt(s) || 1;
  for (let i = 0; i < dim; i++) v[i]! /= n;
  return v;
}

function identityOf(img: FakeImage, box: BoxXYWH): number {
  let best = -1;
  let bestD = Infinity;
  img.detections.forEach((d, i) => {
    const dd = Math.abs(d.box.x - box.x) + Math.abs(d.box.y - box.y);
    if (dd < bestD) {
      bestD = dd;
      best = img.identities?.[i] ?? i;
    }
  });
  return best;
}

export function fakeModels(opts: { withFace?: boolean; bodyDim?: number } = {}): { models: PipelineModels<FakeImage, FaceLike & { id: number }>; calls: FakeCalls } {
  const calls: FakeCalls = { detect: 0, pose: 0, poseBoxes: 0, body: 0, bodyBoxes: 0, faceDetect: 0, faceEmbed: 0 };
  const dim = opts.bodyDim ?? 64;
  const models: PipelineModels<FakeImage, FaceLike & { id: number }> = {
    detector: {
      name: 'fake-detector',
      async detect(img, o) {
        calls.detect++;
        return img.detections
          .filter((d) => d.score >= (o?.minScore ?? 0))
          .slice(0, o?.maxDetections ?? 100)
          .map((d) => ({ box: d.box, score: d.score, classId: 0 }));
      },
    },
    pose: {
      name: 'fake-pose',
      async estimate(img, boxes) {
        calls.pose++;
        calls.poseBoxes += boxes.length;
        // Like a real pose model, the skeleton lies on the person the crop holds (the detection of this frame
        // mostly inside the crop, nearest its centre), not over the whole crop; else over the crop.
        return boxes.map((b) => {
          const i = personInCrop(img.detections, b);
          const on = i >= 0 ? img.detections[i]!.box : b;
          return { landmarks: skeletonInBox(on, img.width, img.height, img.frontal?.[i] ?? true), score: 0.9 };
        });
      },
    },
    body: {
      name: 'fake-body-v1',
      async embed(img, boxes) {
        calls.body++;
        calls.bodyBoxes += boxes.length;
        return boxes.map((b) => unit(identityOf(img, b) + 1, dim));
      },
    },
  };
  if (opts.withFace) {
    models.faceDetector = {
      name: 'fake-face-detector',
      async detect(img, o) {
        calls.faceDetect++;
        const inRegion = (b: BoxXYWH) => !o?.regions || o.regions.some((r) => b.x + b.w / 2 >= r.x && b.x + b.w / 2 <= r.x + r.w && b.y + b.h / 2 >= r.y && b.y + b.h / 2 <= r.y + r.h);
        return img.detections.flatMap((d, i) =>
          img.frontal?.[i] === false ? [] : [{ id: img.identities?.[i] ?? i, score: 0.9, box: { x: d.box.x + d.box.w * 0.3, y: d.box.y + d.box.h * 0.02, w: d.box.w * 0.4, h: d.box.h * 0.12 } }],
        ).filter((f) => inRegion(f.box));
      },
    };
    models.face = {
      name: 'fake-face-v1',
      async embed(_img, faces) {
        calls.faceEmbed++;
        return faces.map((f) => unit(1000 + f.id, 128));
      },
    };
  }
  return { models, calls };
}
