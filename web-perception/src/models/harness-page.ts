/**
 * The page behind `npx gym embed`, the model tests and bench/models.bench.ts: the same model code the worker
 * runs, driven from Node through `window.gymModels` (see ./node/harness.ts). Images are fetched by URL from the
 * harness server, decoded by the browser.
 */
import { createSession, runtimeFor, RUNTIMES } from './onnx-model.ts';
import { createPerceptionModels, createBodyEmbedder, type ModelRole, type ModelsConfig, type PerceptionModels } from './create.ts';
import { seededInput } from './seeded-input.ts';
import { imageSize } from './image.ts';
import { configureRuntime } from './backend.ts';
import type { Backend, Box, Face } from './types.ts';

const params = new URLSearchParams(location.search);
const urls = {
  modelsBase: '/models',
  ortWasmBase: '/ort/',
  mediapipeWasmBase: '/mediapipe/wasm',
  ...(params.has('threads') ? { maxThreads: Number(params.get('threads')) } : {}),
};
const logs: string[] = [];
let models: PerceptionModels | undefined;

async function loadImage(url: string): Promise<ImageBitmap> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot read (HTTP ${res.status})`);
  try {
    return await createImageBitmap(await res.blob());
  } catch {
    throw new Error('not a decodable image');
  }
}

const area = (b: Box) => b.w * b.h;
const arr = (v: Float32Array) => Array.from(v, (x) => Math.round(x * 1e7) / 1e7);

type EmbedResult = { embedding: number[] } | { error: string };

const api = {
  logs,
  async init(cfg: ModelsConfig, roles: ModelRole[]) {
    models = await createPerceptionModels(cfg, urls, roles, (m, f) => logs.push(`${m} ${JSON.stringify(f ?? {})}`));
    return {
      backend: models.backend,
      names: { detector: models.detector?.name, pose: models.pose?.name, body: models.body?.name, face: models.face?.name },
      crossOriginIsolated,
    };
  },
  async detect(url: string, minScore?: number) {
    const img = await loadImage(url);
    const r = await models!.detector!.detect(img, minScore === undefined ? {} : { minScore });
    const size = imageSize(img);
    img.close();
    return { size, detections: r };
  },
  async pose(url: string, boxes: Box[]) {
    const img = await loadImage(url);
    const r = await models!.pose!.estimate(img, boxes);
    img.close();
    return r;
  },
  async body(url: string, boxes?: Box[]) {
    const img = await loadImage(url);
    const r = await models!.body!.embed(img, boxes);
    img.close();
    return r.map(arr);
  },
  async faces(url: string, regions?: readonly Box[]) {
    const img = await loadImage(url);
    const r = await models!.faceDetector!.detect(img, regions ? { regions } : {});
    img.close();
    return r;
  },
  /** `npx gym embed`: one result per URL, in order; crops/faces of a batch go through the model together. */
  async embedFiles(kind: 'body' | 'face', list: string[]): Promise<EmbedResult[]> {
    const imgs = await Promise.all(list.map((u) => loadImage(u).then((img) => ({ img }), (e: Error) => ({ error: e.message }))));
    const out: EmbedResult[] = imgs.map((x) => ('error' in x ? { error: x.error } : { embedding: [] }));
    if (kind === 'body') {
      for (let i = 0; i < imgs.length; i++) {
        const x = imgs[i]!;
        if ('img' in x) out[i] = { embedding: arr((await models!.body!.embed(x.img))[0]!) };
      }
    } else {
      const face = models!.face as import('./face.ts').OnnxFaceEmbedder;
      const aligned: { i: number; crop: ImageData }[] = [];
      const { alignFace } = await import('./face.ts');
      const ctx = new OffscreenCanvas(face.spec.size, face.spec.size).getContext('2d', { willReadFrequently: true })!;
      for (let i = 0; i < imgs.length; i++) {
        const x = imgs[i]!;
        if (!('img' in x)) continue;
        const faces: Face[] = await models!.faceDetector!.detect(x.img);
        if (faces.length === 0) out[i] = { error: 'no face found' };
        else {
          const largest = faces.reduce((a, b) => (area(b.box) > area(a.box) ? b : a));
          aligned.push({ i, crop: alignFace(x.img, largest, face.spec, ctx) });
        }
      }
      const vecs = await face.embedAligned(aligned.map((a) => a.crop));
      aligned.forEach((a, k) => (out[a.i] = { embedding: arr(vecs[k]!) }));
    }
    for (const x of imgs) if ('img' in x) x.img.close();
    return out;
  },
  /** Runs an ONNX file on a backend with a seeded input; returns outputs and the time of `repeat` runs. */
  async raw(file: string, backend: Backend, range: [number, number], batch = 1, repeat = 0, build?: 'all' | 'wasm') {
    configureRuntime(urls);
    const bytes = new Uint8Array(await (await fetch(`/models/${file}`)).arrayBuffer());
    // `build` forces one onnxruntime-web build for the wasm backend (bench: CPU-only build vs WebGPU-capable one).
    const ort = build ? RUNTIMES[build === 'all' ? 0 : 1]! : runtimeFor(backend);
    const s = build ? await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }) : await createSession(bytes, backend);
    const meta = s.inputMetadata[0];
    const dims = (meta && 'shape' in meta ? meta.shape : []).map((d) => (typeof d === 'number' ? d : batch));
    const feeds = { [s.inputNames[0]!]: new ort.Tensor('float32', seededInput(dims.reduce((a, b) => a * b, 1), range[0], range[1]), dims) };
    const out = await s.run(feeds);
    const times: number[] = [];
    for (let k = 0; k < repeat; k++) {
      const t = performance.now();
      await s.run(feeds);
      times.push(performance.now() - t);
    }
    const res = Object.fromEntries(s.outputNames.map((n) => [n, { dims: out[n]!.dims, data: Array.from(out[n]!.data as Float32Array) }]));
    await s.release();
    return { outputs: res, times };
  },
  /** Bench helper: ms per call of each stage on one decoded frame, after a warm-up. */
  async benchFrame(url: string, repeat: number) {
    const img = await loadImage(url);
    const time = async (f: () => Promise<unknown>) => {
      await f();
      const t = performance.now();
      for (let k = 0; k < repeat; k++) await f();
      return (performance.now() - t) / repeat;
    };
    const dets = await models!.detector!.detect(img);
    const boxes = dets.map((d) => d.box);
    const r = {
      people: boxes.length,
      detectMs: await time(() => models!.detector!.detect(img)),
      poseMs: models!.pose ? await time(() => models!.pose!.estimate(img, boxes)) : NaN,
      bodyMs: await time(() => models!.body!.embed(img, boxes)),
      frameMs: 0,
    };
    r.frameMs = await time(async () => {
      const d = await models!.detector!.detect(img);
      const b = d.map((x) => x.box);
      await models!.pose?.estimate(img, b);
      await models!.body!.embed(img, b);
    });
    img.close();
    return r;
  },
  createBodyEmbedder,
};

declare global {
  interface Window {
    gymModels: typeof api;
  }
}
window.gymModels = api;
document.title = 'gym models ready';
