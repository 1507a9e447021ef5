/**
 * The perception models in real headless Chromium (wasm backend, as in CI), with the real files from
 * `make models`: each ONNX model matches onnxruntime-node on the same input; on vtest.avi frames people are
 * found with sensible boxes, poses land on the bodies, body embeddings of one person across frames are closer
 * than of different people; BlazeFace + faceres find and embed the face in messi5.jpg; bad model files fail
 * with the file named. Wall time ≈ 1–2 min on 2 cores.
 */
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './node/harness.ts';
import { messiVariant, MESSI, vtestFrames } from './node/test-footage.ts';
import { seededInput } from './seeded-input.ts';
import type { Box, Detection, PersonPose } from './types.ts';

const MODELS = resolve(import.meta.dirname, '../../../models');
/** Allowed max |web - node| as a fraction of max(1, max |node|): float32 kernels differ in summation order. */
const BACKEND_TOLERANCE = 1e-4;
const CFG = { backend: 'wasm', detector: 'nanodet-m', pose: 'full', body: 'appearance-stripes-v1', faceDetector: 'blazeface', face: 'faceres' } as const;

async function nodeOutputs(file: string, range: [number, number], batch = 1) {
  const s = await ort.InferenceSession.create(resolve(MODELS, file));
  const meta = s.inputMetadata[0]!;
  const dims = ('shape' in meta ? meta.shape : []).map((d) => (typeof d === 'number' ? d : batch));
  const out = await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', seededInput(dims.reduce((a, b) => a * b, 1), range[0], range[1]), dims) });
  await s.release();
  return out;
}

function worstScaledDiff(web: Record<string, { data: number[] }>, native: Record<string, ort.Tensor>): number {
  let worst = 0;
  for (const [name, t] of Object.entries(native)) {
    const ref = t.data as Float32Array;
    const got = web[name]!.data;
    expect(got.length, name).toBe(ref.length);
    let maxDiff = 0;
    let maxRef = 0;
    for (let i = 0; i < ref.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(ref[i]! - got[i]!));
      maxRef = Math.max(maxRef, Math.abs(ref[i]!));
    }
    worst = Math.max(worst, maxDiff / Math.max(1, maxRef));
  }
  return worst;
}

const inside = (x: number, y: number, b: Box, m = 0.15) => x >= b.x - b.w * m && x <= b.x + b.w * (1 + m) && y >= b.y - b.h * m && y <= b.y + b.h * (1 + m);
const cos = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const iou = (a: Box, b: Box) => {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  return (ix * iy) / (a.w * a.h + b.w * b.h - ix * iy);
};

describe('perception models in headless Chromium (wasm)', () => {
  let h: Harness;
  let frames: string[];
  beforeAll(async () => {
    h = await startHarness();
    frames = vtestFrames([2.0, 2.2, 6.0]).map((f) => h.fileUrl(f));
    const info = await h.page.evaluate((c) => window.gymModels.init(c, ['detector', 'pose', 'body', 'face']), CFG);
    expect(info.backend.backend).toBe('wasm');
    expect(info.crossOriginIsolated, 'page must be cross-origin isolated for wasm threads').toBe(true);
    console.info(`[models] backend: ${info.backend.reason}`);
  });
  afterAll(async () => h?.close());

  for (const [file, range, batch] of [
    ['nanodet-m.onnx', [0, 1], 1],
    ['blazeface.onnx', [-1, 1], 1],
    ['faceres.onnx', [0, 255], 2],
    ['mobileface.onnx', [0, 255], 2],
  ] as const) {
    it(`${file} on wasm matches onnxruntime-node within ${BACKEND_TOLERANCE}`, async () => {
      const web = await h.page.evaluate(([f, r, b]) => window.gymModels.raw(f, 'wasm', [r[0], r[1]], b), [file, range, batch] as const);
      const worst = worstScaledDiff(web.outputs, await nodeOutputs(file, [range[0], range[1]], batch));
      console.info(`[models] ${file} wasm vs onnxruntime-node: scaled max diff ${worst.toExponential(2)}`);
      expect(worst).toBeLessThanOrEqual(BACKEND_TOLERANCE);
    }, 120_000);
  }

  let dets: { size: { width: number; height: number }; detections: Detection[] }[];
  it('detects the pedestrians of vtest.avi with person-shaped boxes inside the frame', async () => {
    dets = [];
    for (const f of frames) dets.push(await h.page.evaluate((u) => window.gymModels.detect(u), f));
    for (const { size, detections } of dets) {
      expect(detections.length).toBeGreaterThanOrEqual(3);
      for (const d of detections) {
        expect(d.classId).toBe(0);
        expect(d.box.x + d.box.w / 2).toBeGreaterThan(0);
        expect(d.box.x + d.box.w / 2).toBeLessThan(size.width);
        expect(d.box.h / d.box.w).toBeGreaterThan(1.0);
        expect(d.box.h / d.box.w).toBeLessThan(5);
        expect(d.box.h).toBeGreaterThan(40);
        expect(d.box.h).toBeLessThan(size.height * 0.8);
      }
    }
    console.info(`[models] persons per frame: ${dets.map((d) => d.detections.length).join(', ')}`);
  }, 120_000);

  it('puts pose landmarks of each detected person inside that person box', async () => {
    const { size, detections } = dets[0]!;
    const boxes = detections.map((d) => d.box);
    const poses: (PersonPose | null)[] = await h.page.evaluate(([u, b]) => window.gymModels.pose(u, b), [frames[0]!, boxes] as const);
    const found = poses.filter((p): p is PersonPose => p !== null);
    expect(found.length).toBeGreaterThanOrEqual(Math.ceil(boxes.length * 0.6));
    let upright = 0;
    for (const p of found) {
      const visible = p.landmarks.filter((l) => l[3] > 0.5);
      const within = visible.filter((l) => inside(l[0] * size.width, l[1] * size.height, p.box));
      expect(within.length / Math.max(1, visible.length)).toBeGreaterThanOrEqual(0.9);
      const [nose, lHip, rHip, lAnkle, rAnkle] = [0, 23, 24, 27, 28].map((i) => p.landmarks[i]!);
      if (nose![1] < (lHip![1] + rHip![1]) / 2 && (lHip![1] + rHip![1]) / 2 < (lAnkle![1] + rAnkle![1]) / 2) upright++;
    }
    // Walking pedestrians: head above hips above ankles. Small, occluded people can get a flipped skeleton.
    expect(upright / found.length).toBeGreaterThanOrEqual(0.75);
    console.info(`[models] poses found for ${found.length}/${boxes.length} people, ${upright} upright, all landmarks inside their person box`);
  }, 120_000);

  it('starts the lite and heavy bundles assembled by make models, with landmarks that agree with full', async () => {
    const { size, detections } = dets[0]!;
    const boxes = detections.map((d) => d.box);
    const poseWith = async (pose: 'lite' | 'full' | 'heavy') => {
      const info = await h.page.evaluate((c) => window.gymModels.init(c, ['pose']), { ...CFG, pose });
      expect(info.names.pose).toBe(`mediapipe-pose-${pose}`);
      return (await h.page.evaluate(([u, b]) => window.gymModels.pose(u, b), [frames[0]!, boxes] as const)) as (PersonPose | null)[];
    };
    try {
      const full = await poseWith('full');
      for (const variant of ['lite', 'heavy'] as const) {
        const other = await poseWith(variant);
        let n = 0;
        let dist = 0;
        full.forEach((a, i) => {
          const b = other[i];
          if (!a || !b) return;
          for (let k = 0; k < 33; k++) {
            if (a.landmarks[k]![3] < 0.5) continue;
            n++;
            dist += Math.hypot((a.landmarks[k]![0] - b.landmarks[k]![0]) * size.width, (a.landmarks[k]![1] - b.landmarks[k]![1]) * size.height);
          }
        });
        expect(other.filter(Boolean).length).toBeGreaterThanOrEqual(full.filter(Boolean).length - 1);
        // People here are ~100 px tall; a network that read its input wrongly (no normalisation metadata) lands
        // tens of pixels off or finds nobody.
        expect(n).toBeGreaterThan(30);
        expect(dist / n).toBeLessThan(8);
        console.info(`[models] pose ${variant} vs full: ${(dist / n).toFixed(1)} px mean over ${n} visible landmarks`);
      }
    } finally {
      await h.page.evaluate((c) => window.gymModels.init(c, ['detector', 'pose', 'body', 'face']), CFG);
    }
  }, 180_000);

  it('gives one person across frames a closer body embedding than other people', async () => {
    // Frames 0.2 s apart: people move a few pixels, so IoU pairs the same person.
    const a = dets[0]!.detections.map((d) => d.box);
    const b = dets[1]!.detections.map((d) => d.box);
    const ea: number[][] = await h.page.evaluate(([u, x]) => window.gymModels.body(u, x), [frames[0]!, a] as const);
    const eb: number[][] = await h.page.evaluate(([u, x]) => window.gymModels.body(u, x), [frames[1]!, b] as const);
    for (const e of [...ea, ...eb]) expect(Math.hypot(...e)).toBeCloseTo(1, 4);
    const same: number[] = [];
    const diff: number[] = [];
    let rank1 = 0;
    let pairs = 0;
    a.forEach((boxA, i) => {
      const j = b.findIndex((boxB) => iou(boxA, boxB) > 0.5);
      if (j < 0) return;
      pairs++;
      const sims = eb.map((e) => cos(ea[i]!, e));
      same.push(sims[j]!);
      sims.forEach((s, k) => k !== j && b.every((bb, kk) => kk === j || iou(bb, boxA) < 0.3) && diff.push(s));
      if (sims.every((s, k) => k === j || s < sims[j]!)) rank1++;
    });
    expect(pairs).toBeGreaterThanOrEqual(3);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    console.info(`[models] appearance-stripes-v1 within camera, 0.2 s apart: same-person cos ${mean(same).toFixed(3)} (min ${Math.min(...same).toFixed(3)}), different people ${mean(diff).toFixed(3)} (max ${Math.max(...diff).toFixed(3)}), margin of means ${(mean(same) - mean(diff)).toFixed(3)}, rank-1 ${rank1}/${pairs}`);
    expect(mean(same)).toBeGreaterThan(mean(diff));
    expect(rank1 / pairs).toBeGreaterThanOrEqual(0.75);
  }, 120_000);

  it('finds the face in messi5.jpg with eyes inside the box, and embeds re-framed copies alike', async () => {
    const faces = await h.page.evaluate((u) => window.gymModels.faces(u), h.fileUrl(MESSI));
    expect(faces.length).toBeGreaterThanOrEqual(1);
    const f = faces[0]!;
    for (const [x, y] of f.keypoints.slice(0, 3)) expect(inside(x, y, f.box, 0)).toBe(true);
    expect(f.keypoints[0]![0]).toBeLessThan(f.keypoints[1]![0]); // subject's right eye is on the image left
    // Searching only a region around the face finds the same face, in frame coordinates.
    const region = { x: f.box.x - f.box.w, y: f.box.y - f.box.h, w: f.box.w * 3, h: f.box.h * 3 };
    const [g] = await h.page.evaluate(([u, r]) => window.gymModels.faces(u, r), [h.fileUrl(MESSI), [region]] as const);
    expect(iou(g!.box, f.box)).toBeGreaterThan(0.6);
    const urls = [h.fileUrl(MESSI), h.fileUrl(messiVariant('scale=iw*1.5:ih*1.5', 'messi-big')), h.fileUrl(messiVariant('crop=400:300:100:0,rotate=0.15', 'messi-rot')), '/files/none'];
    const res = await h.page.evaluate((u) => window.gymModels.embedFiles('face', u), urls);
    expect(res[3]).toHaveProperty('error');
    const e = res.slice(0, 3).map((r) => ('embedding' in r ? r.embedding : []));
    for (const v of e) expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    const s1 = cos(e[0]!, e[1]!);
    const s2 = cos(e[0]!, e[2]!);
    console.info(`[models] faceres same face re-framed: cos ${s1.toFixed(3)} (scaled), ${s2.toFixed(3)} (cropped + rotated 8.6°)`);
    expect(Math.min(s1, s2)).toBeGreaterThan(0.8);
  }, 120_000);

  it('falls back to wasm, with the reason logged, where the WebGL engine cannot run a model', async () => {
    const info = await h.page.evaluate((c) => window.gymModels.init({ ...c, backend: 'webgl' }, ['face']), CFG);
    expect(info.backend.backend).toBe('webgl');
    const logs: string[] = await h.page.evaluate(() => window.gymModels.logs);
    expect(logs.some((l) => /model fell back to wasm.*faceres.*webgl cannot run it/.test(l))).toBe(true);
    const [r] = await h.page.evaluate((u) => window.gymModels.embedFiles('face', [u]), h.fileUrl(MESSI));
    expect(r).toHaveProperty('embedding');
  }, 60_000);

  it('refuses a missing or wrong-shaped model file, naming the file', async () => {
    const missing = await h.page.evaluate((c) => window.gymModels.init({ ...c, detector: 'yolo11n' }, ['detector']).then(() => 'ok', (e: Error) => e.message), CFG);
    expect(missing).toMatch(/models\/yolo11n\.onnx.*missing/);
    const wrong = await h.page.evaluate((c) => window.gymModels.init({ ...c, face: 'blazeface' }, ['face']).then(() => 'ok', (e: Error) => e.message), CFG);
    expect(wrong).toMatch(/models\/blazeface\.onnx has the wrong shape/);
  }, 60_000);
});

describe('multi-threaded wasm', () => {
  it('runs with 2 wasm threads in the cross-origin isolated page and matches onnxruntime-node', async () => {
    const h = await startHarness({ threads: 2 });
    try {
      const info = await h.page.evaluate((c) => window.gymModels.init(c, ['body']), CFG);
      expect(info.backend.threads).toBe(2);
      const web = await h.page.evaluate(() => window.gymModels.raw('faceres.onnx', 'wasm', [0, 255], 2));
      expect(worstScaledDiff(web.outputs, await nodeOutputs('faceres.onnx', [0, 255], 2))).toBeLessThanOrEqual(BACKEND_TOLERANCE);
    } finally {
      await h.close();
    }
  }, 120_000);
});

describe('WebGPU (software device) correctness', () => {
  it('auto skips the software adapter with a reason; mobileface.onnx forced onto WebGPU matches onnxruntime-node', async () => {
    const h = await startHarness({ webgpu: true });
    try {
      const auto = await h.page.evaluate((c) => window.gymModels.init({ ...c, backend: 'auto' }, ['body']), CFG);
      expect(auto.backend.backend).toBe('wasm');
      expect(auto.backend.reason).toMatch(/WebGPU adapter is software/);
      const web = await h.page.evaluate(() => window.gymModels.raw('mobileface.onnx', 'webgpu', [0, 255], 1));
      const worst = worstScaledDiff(web.outputs, await nodeOutputs('mobileface.onnx', [0, 255], 1));
      console.info(`[models] mobileface.onnx webgpu (SwiftShader) vs onnxruntime-node: scaled max diff ${worst.toExponential(2)}`);
      expect(worst).toBeLessThanOrEqual(1e-3);
    } finally {
      await h.close();
    }
  }, 180_000);
});
