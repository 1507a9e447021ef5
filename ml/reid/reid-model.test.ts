/**
 * The committed re-id export (ml/reid/model) against PyTorch (fixture.json, written by train.py from the same
 * weights): onnxruntime-node on the fixed inputs, and the worker's BodyEmbedder (`models.body: reid-rendered-v1`,
 * onnxruntime-web wasm in headless Chromium) on the same held-out crop. Also checks that the colour-stripes
 * descriptor train.py evaluates is the product's one (web-perception/src/models/body.ts) on the same pixels.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { stripeDescriptor } from '../../web-perception/src/models/body.ts';
import { startHarness, type Harness } from '../../web-perception/src/models/node/harness.ts';

const MODEL_DIR = join(import.meta.dirname, 'model');
interface Fixture {
  crop_rgb_base64: string; crop_shape: [number, number, number]; embeddings: number[][];
  stripes_rgb_base64: string; stripes_shape: [number, number, number]; stripes: number[];
}
const fx = JSON.parse(readFileSync(join(MODEL_DIR, 'fixture.json'), 'utf8')) as Fixture;
interface Manifest {
  file: string; bytes: number;
  data: { split: { train: { ids: number }; held_out: { ids: number; crops: number } } };
  training: { steps_done: number; log: { step: number; id_loss: number; train_acc: number }[] };
  metrics: { held_out_rendered: { network: { rank1: number } } };
}
const manifest = JSON.parse(readFileSync(join(MODEL_DIR, 'manifest.json'), 'utf8')) as Manifest;
const rgb = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

/** A 24-bit BMP of RGB pixels (lossless, decoded by Chromium; no image library needed). */
function bmp(px: Uint8Array, w: number, h: number): Buffer {
  const row = Math.ceil((w * 3) / 4) * 4;
  const b = Buffer.alloc(54 + row * h);
  b.write('BM', 0);
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(w, 18);
  b.writeInt32LE(h, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(row * h, 34);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = 54 + (h - 1 - y) * row + x * 3, i = (y * w + x) * 3;
      b[o] = px[i + 2]!;
      b[o + 1] = px[i + 1]!;
      b[o + 2] = px[i]!;
    }
  return b;
}

/** The crop packed as the worker packs it (OnnxBodyEmbedder: NCHW, ImageNet mean/std) and the formula inputs. */
function fixtureInputs(): Float32Array {
  const [h, w] = fx.crop_shape;
  const per = 3 * h * w;
  const x = new Float32Array(3 * per);
  const px = rgb(fx.crop_rgb_base64);
  const mean = [0.485, 0.456, 0.406], std = [0.229, 0.224, 0.225];
  for (let c = 0; c < 3; c++) for (let i = 0; i < h * w; i++) x[c * h * w + i] = (px[i * 3 + c]! - mean[c]! * 255) * (1 / (std[c]! * 255));
  for (let k = 0; k < 2; k++) for (let i = 0; i < per; i++) x[(k + 1) * per + i] = 2 * Math.sin(0.001 * (k + 1) * i);
  return x;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('body re-id network (ml/reid/model)', () => {
  let h: Harness | undefined;
  afterAll(async () => h?.close());

  it('is small enough to commit and onnxruntime reproduces PyTorch within 1e-4', async () => {
    expect(manifest.bytes).toBeLessThanOrEqual(2_000_000);
    const s = await ort.InferenceSession.create(join(MODEL_DIR, manifest.file), { intraOpNumThreads: 1 });
    const out = await s.run({ input: new ort.Tensor('float32', fixtureInputs(), [3, 3, 256, 128]) });
    const e = out['embedding']!;
    expect(e.dims).toEqual([3, 512]);
    const data = e.data as Float32Array;
    for (let i = 0; i < 3; i++) {
      const row = data.slice(i * 512, (i + 1) * 512);
      expect(Math.hypot(...row)).toBeCloseTo(1, 4);
      expect(maxDiff(row, fx.embeddings[i]!)).toBeLessThan(1e-4);
    }
    // Different inputs give different embeddings (a constant output would pass the checks above for one row).
    expect(maxDiff(data.slice(0, 512), data.slice(512, 1024))).toBeGreaterThan(1e-3);
    await s.release();
  });

  it('runs as the worker BodyEmbedder (models.body: reid-rendered-v1) and gives PyTorch embedding of the crop within 1e-4', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gym-reid-'));
    copyFileSync(join(MODEL_DIR, manifest.file), join(dir, 'reid-rendered-v1.onnx'));
    const [ch, cw] = fx.crop_shape;
    const file = join(dir, 'crop.bmp');
    writeFileSync(file, bmp(rgb(fx.crop_rgb_base64), cw, ch));
    h = await startHarness({ modelsDir: dir });
    const cfg = { backend: 'wasm', detector: 'nanodet-m', pose: 'full', body: 'reid-rendered-v1', faceDetector: 'blazeface', face: 'faceres' } as const;
    const info = await h.page.evaluate((c) => window.gymModels.init(c, ['body']), cfg);
    expect(info.names).toMatchObject({ body: 'reid-rendered-v1' });
    const e: number[][] = await h.page.evaluate((u) => window.gymModels.body(u, [{ x: 0, y: 0, w: 128, h: 256 }]), h.fileUrl(file));
    expect(e).toHaveLength(1);
    expect(e[0]).toHaveLength(512);
    expect(maxDiff(e[0]!, fx.embeddings[0]!)).toBeLessThan(1e-4);
  }, 60_000);

  it('was trained until it learnt: identity loss well under chance, held-out rank-1 well over chance', () => {
    const log = manifest.training.log;
    expect(log.length).toBeGreaterThan(0);
    const last = log[log.length - 1]!;
    expect(last.step).toBe(manifest.training.steps_done);
    // Chance identity loss is ln(training ids); a network that did not learn stays there (the first export: 7.33 for 1440 ids).
    expect(last.id_loss).toBeLessThan(Math.log(manifest.data.split.train.ids) - 1);
    const { ids, crops } = manifest.data.split.held_out;
    const chance = (crops / ids - 1) / (crops - 1);
    expect(manifest.metrics.held_out_rendered.network.rank1).toBeGreaterThan(10 * chance);
  });

  const torchReady = spawnSync('/usr/bin/python3', ['-c', 'import torch, PIL'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!torchReady)('train.py rejects bad options with exit 2, naming the option, before loading any data', () => {
    const run = (...args: string[]) => spawnSync('/usr/bin/python3', [join(import.meta.dirname, 'train.py'), tmpdir(), '/nonexistent-set', ...args], { encoding: 'utf8' });
    for (const [args, msg] of [[['--steps', '0'], '--steps must be ≥ 1'], [['--steps', '10', '--warmup', '10'], '--warmup must be in [0, --steps)'],
      [['--max-minutes', '0'], '--max-minutes must be > 0'], [['--views-per-id', '1'], '--views-per-id must be ≥ 2']] as const) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(msg);
    }
  }, 60_000);

  it("train.py's colour-stripes descriptor is the worker's appearance-stripes-v1 on the same pixels", () => {
    const [sh, sw] = fx.stripes_shape;
    const px = rgb(fx.stripes_rgb_base64);
    const rgba = new Uint8ClampedArray(sw * sh * 4);
    for (let i = 0; i < sw * sh; i++) {
      rgba[i * 4] = px[i * 3]!;
      rgba[i * 4 + 1] = px[i * 3 + 1]!;
      rgba[i * 4 + 2] = px[i * 3 + 2]!;
      rgba[i * 4 + 3] = 255;
    }
    const d = stripeDescriptor(rgba, sw, sh);
    expect(d.length).toBe(fx.stripes.length);
    expect(maxDiff(d, fx.stripes)).toBeLessThan(1e-5);
  });
});
