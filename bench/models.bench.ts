/**
 * Perception models: ms per call in headless Chromium (onnxruntime-web wasm, SIMD, threads) against
 * onnxruntime-node (native CPU) on the same seeded input in the same run, and the ratio (goal ≤ 1.3×).
 * Then one vtest.avi frame end to end in Chromium: detect + pose for N people + body embeddings.
 * MediaPipe pose has no native reference here (no MediaPipe for Node on npm at the pinned version): its ms are
 * printed without a ratio. Both sides use the same thread count (the page's default: cores − 1, 1..4). A third column
 * runs the same onnxruntime-web wasm inside Node: it separates the cost of wasm kernels from the cost of Chromium.
 *
 *   npx tsx bench/models.bench.ts [--repeat N]
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { startHarness } from '../web-perception/src/models/node/harness.ts';
import { vtestFrames } from '../web-perception/src/models/node/test-footage.ts';
import { seededInput } from '../web-perception/src/models/seeded-input.ts';
import { headline } from './lib/report.ts';

const repeat = Number(process.argv[process.argv.indexOf('--repeat') + 1]) || 5;
// The page's default (cores − 1, 1..4), used on both sides.
const threads = Math.max(1, Math.min(4, availableParallelism() - 1));
const MODELS = resolve(import.meta.dirname, '../models');
const CASES = [
  ['nanodet-m.onnx', [0, 1]],
  ['blazeface.onnx', [-1, 1]],
  ['faceres.onnx', [0, 255]],
  ['mobileface.onnx', [0, 255]],
] as const;

/** The two Node runtimes share the session/tensor API: one timing loop for both. */
type NodeRuntime = typeof ort | typeof ortWeb;

async function medianRunMs(rt: NodeRuntime, session: ort.InferenceSession | ortWeb.InferenceSession, range: readonly [number, number]): Promise<number> {
  const meta = session.inputMetadata[0]!;
  const dims = ('shape' in meta ? meta.shape : []).map((d) => (typeof d === 'number' ? d : 1));
  const feeds = { [session.inputNames[0]!]: new rt.Tensor('float32', seededInput(dims.reduce((a, b) => a * b, 1), range[0], range[1]), dims) };
  await session.run(feeds as never);
  const times: number[] = [];
  for (let k = 0; k < repeat; k++) {
    const t = performance.now();
    await session.run(feeds as never);
    times.push(performance.now() - t);
  }
  await session.release();
  return median(times);
}

async function nativeMs(file: string, range: readonly [number, number]): Promise<number> {
  const s = await ort.InferenceSession.create(resolve(MODELS, file), { intraOpNumThreads: threads, graphOptimizationLevel: 'all' });
  return medianRunMs(ort, s, range);
}

async function wasmInNodeMs(file: string, range: readonly [number, number]): Promise<number> {
  ortWeb.env.wasm.numThreads = 1; // onnxruntime-web's threads need the browser's worker set-up
  const s = await ortWeb.InferenceSession.create(readFileSync(resolve(MODELS, file)), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  return medianRunMs(ortWeb, s, range);
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1).padStart(8) : '     n/a');

const h = await startHarness();
try {
  console.log(`onnxruntime-web wasm in headless Chromium vs onnxruntime-node, ${threads} thread${threads > 1 ? 's' : ''} each, ${repeat} runs (medians)\n`);
  console.log(`${'model'.padEnd(18)} ${'chromium'.padStart(8)} ${'native'.padStart(8)}  ratio   ${'wasm-in-node (1 thread)'}`);
  for (const [file, range] of CASES) {
    const web = await h.page.evaluate(([f, r, n]) => window.gymModels.raw(f, 'wasm', [r[0], r[1]], 1, n), [file, range, repeat] as const);
    const w = median(web.times);
    const n = await nativeMs(file, range);
    const wn = await wasmInNodeMs(file, range);
    console.log(`${file.padEnd(18)} ${fmt(w)} ${fmt(n)}  ${(w / n).toFixed(2).padStart(5)}× ${fmt(wn)}`);
  }

  const info = await h.page.evaluate(
    (c) => window.gymModels.init(c, ['detector', 'pose', 'body']),
    { backend: 'wasm', detector: 'nanodet-m', pose: 'full', body: 'appearance-stripes-v1', faceDetector: 'blazeface', face: 'faceres' } as const,
  );
  const [frame] = vtestFrames([2.0]);
  const r = await h.page.evaluate(([u, n]) => window.gymModels.benchFrame(u, n), [h.fileUrl(frame!), Math.max(2, Math.floor(repeat / 2))] as const);
  const detNative = await nativeMs('nanodet-m.onnx', [0, 1]);
  console.log(`\nvtest.avi frame 768×576, ${r.people} people, Chromium ${info.backend.backend} (${info.backend.reason})`);
  console.log(`${'stage'.padEnd(30)} ${'chromium'.padStart(8)} ${'native'.padStart(8)}  ratio`);
  console.log(`${'detect (incl. pre/post)'.padEnd(30)} ${fmt(r.detectMs)} ${fmt(detNative)}  ${(r.detectMs / detNative).toFixed(2)}× (native: model run only)`);
  console.log(`${`pose full × ${r.people}`.padEnd(30)} ${fmt(r.poseMs)} ${fmt(NaN)}  (${(r.poseMs / Math.max(1, r.people)).toFixed(1)} ms per person)`);
  console.log(`${`body appearance × ${r.people}`.padEnd(30)} ${fmt(r.bodyMs)} ${fmt(NaN)}  (pure JS)`);
  console.log(`${'frame end to end'.padEnd(30)} ${fmt(r.frameMs)} ${fmt(NaN)}  → ${(1000 / r.frameMs).toFixed(1)} frames/s on this machine`);
  headline({ metric: 'detector per frame in Chromium wasm (nanodet-m, incl. pre/post)', value: r.detectMs, unit: 'ms', reference: { label: 'onnxruntime-node, model run only', value: detNative } });
  headline({ metric: 'pose (full) per person in Chromium wasm', value: r.poseMs / Math.max(1, r.people), unit: 'ms' });
} finally {
  await h.close();
}
