/**
 * WebGPU vs wasm for the worker's pipeline (issue 19), same frames, same run: vtest.avi at 5 fps (5–6 people) through
 * the analysis page (nanodet + MediaPipe pose + body embedder) in headless Chromium, once with the wasm flags the
 * workers use without a GPU and once with the GPU flags capture-node uses when it finds one
 * (capture-node/src/workers/gpu-flags.ts) and `models.backend: auto`. Prints analysed fps, per-stage ms, the backend
 * the page actually chose (auto falls back to wasm on a software adapter), and how far the GPU run's outputs are
 * from the wasm reference (people per frame, landmark distance of matched tracks): onnxruntime's WebGPU EP has
 * had silent wrong results (../shared/notes/environment.md), so speed alone is not the answer.
 *
 *   bench/gpu/run-perception-bench.sh        (on a GPU machine: checks the devices, then runs this)
 *   BENCH_FRAMES=30 npx tsx bench/perception-gpu.bench.ts
 *   BENCH_GPU=swiftshader BENCH_FRAMES=4 …   (no GPU: forces WebGPU on SwiftShader, for a correctness dry run only)
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_BASE_FLAGS } from '../shared/src/chromium-flags.ts';
import { ModelsConfig } from '../shared/src/config/gym-config.ts';
import { CHROMIUM_GPU_FLAGS, detectGpu, workerChromiumFlags } from '../capture-node/src/workers/gpu-flags.ts';
import { startChromiumAnalyser } from '../web-perception/src/cli/analyse-video/analyse-harness.ts';
import type { PageTrack } from '../web-perception/src/cli/analyse-video/analyse-page.ts';
import { decodeVideo, probeVideo, type DecodedFrame } from '../web-perception/src/cli/analyse-video/video-decoder.ts';
import { VTEST_FILE } from '../web-perception/src/tracking/vtest-reference.ts';
import { iou } from '../web-perception/src/tracking/box.ts';

const FRAMES = Number(process.env['BENCH_FRAMES'] ?? 30);
const MODE = process.env['BENCH_GPU'] ?? 'hardware';
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

if (!existsSync(VTEST_FILE) || !existsSync(join(import.meta.dirname, '../models/manifest.json'))) {
  console.log('skipped: needs opencv-doc footage (vtest.avi) and models/ from the set-up (make models)');
  process.exit(0);
}
const info = await probeVideo(VTEST_FILE);
const frames: DecodedFrame[] = [];
for await (const f of decodeVideo(VTEST_FILE, info, { fps: 5, maxSeconds: 4 + FRAMES / 5 })) if (f.t >= 4000) frames.push(f);
const det = detectGpu('auto');
console.log(`${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}; GPU detection: ${det.reason}; ${frames.length} frames`);

interface Run {
  label: string;
  backend: string;
  rows: { every: number; fps: number; people: number; stage: Record<string, number>; p50: number; tracks: PageTrack[][] }[];
}

async function run(label: string, flags: readonly string[], backend: 'wasm' | 'auto' | 'webgpu'): Promise<Run | null> {
  let a;
  try {
    a = await startChromiumAnalyser({ models: ModelsConfig.parse({ backend }), roles: ['detector', 'pose', 'body'], chromiumFlags: flags });
  } catch (e) {
    console.log(`${label}: the page could not load the models (${(e as Error).message.split('\n')[0]})`);
    return null;
  }
  const out: Run = { label, backend: a.backend, rows: [] };
  try {
    for (const every of [1, 2]) {
      await a.begin({ frameIntervalMs: 200 }, 6, 'g', every);
      await a.analyse(frames[0]!, 'g'); // warm-up (shader compilation on WebGPU)
      await a.begin({ frameIntervalMs: 200 }, 6, 'g', every);
      const sums: Record<string, number> = {};
      const lat: number[] = [];
      const tracks: PageTrack[][] = [];
      const t0 = performance.now();
      for (const f of frames) {
        const s = performance.now();
        const r = await a.analyse(f, 'g');
        lat.push(performance.now() - s);
        tracks.push(r.tracks);
        for (const [k, v] of Object.entries(r.stageMs)) sums[k] = (sums[k] ?? 0) + v;
      }
      const secs = (performance.now() - t0) / 1000;
      const stage = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / frames.length]));
      out.rows.push({ every, fps: frames.length / secs, people: tracks.reduce((n, t) => n + t.length, 0) / frames.length, stage, p50: pct(lat, 50), tracks });
    }
  } finally {
    await a.close();
  }
  return out;
}

/** Mean landmark distance (fraction of the frame height) between tracks of the two runs matched by box IoU ≥ 0.5. */
function landmarkGap(ref: PageTrack[][], other: PageTrack[][], height: number, width: number): { matched: number; gap: number } {
  let n = 0;
  let sum = 0;
  ref.forEach((rt, i) => {
    for (const r of rt) {
      const o = other[i]?.find((t) => iou(t.box, r.box) >= 0.5);
      if (!o?.skeleton || !r.skeleton) continue;
      let d = 0;
      let k = 0;
      for (let j = 0; j < r.skeleton.length; j += 4) {
        if (r.skeleton[j + 3]! < 0.5) continue;
        d += Math.hypot((r.skeleton[j]! - o.skeleton[j]!) * (width / height), r.skeleton[j + 1]! - o.skeleton[j + 1]!);
        k++;
      }
      if (k) ((sum += d / k), n++);
    }
  });
  return { matched: n, gap: n ? sum / n : NaN };
}

const wasm = await run('wasm (workers without a GPU)', CHROMIUM_BASE_FLAGS, 'wasm');
const gpuFlags = MODE === 'swiftshader' ? [...CHROMIUM_BASE_FLAGS.filter((f) => f !== '--disable-gpu'), '--enable-unsafe-webgpu'] : workerChromiumFlags(CHROMIUM_BASE_FLAGS, { gpu: true });
const gpu = await run(MODE === 'swiftshader' ? 'WebGPU on SwiftShader (correctness only)' : `GPU flags (${CHROMIUM_GPU_FLAGS.join(' ')}), backend auto`, gpuFlags, MODE === 'swiftshader' ? 'webgpu' : 'auto');

console.log('\nrun                                      backend  detect every  analysed fps  vs wasm  p50 ms  people/frame  detect ms  pose ms  body ms');
for (const r of [wasm, gpu]) {
  if (!r) continue;
  for (const row of r.rows) {
    const ref = wasm?.rows.find((w) => w.every === row.every);
    const f = (k: string) => (row.stage[k] ?? 0).toFixed(0).padStart(8);
    console.log(
      `${r.label.slice(0, 40).padEnd(40)} ${r.backend.padEnd(8)} ${String(row.every).padStart(12)} ${row.fps.toFixed(2).padStart(13)} ${ref ? `${(row.fps / ref.fps).toFixed(2)}×`.padStart(8) : '       —'} ${row.p50.toFixed(0).padStart(7)} ${row.people.toFixed(1).padStart(13)} ${f('detect').padStart(10)} ${f('pose')} ${f('body')}`,
    );
  }
}
if (wasm && gpu) {
  if (gpu.backend === 'wasm') console.log('\nthe GPU run fell back to wasm: the page found no hardware WebGPU adapter (see the page log: backend chosen …)');
  const a = wasm.rows[0]!;
  const b = gpu.rows[0]!;
  const g = landmarkGap(a.tracks, b.tracks, frames[0]!.height, frames[0]!.width);
  console.log(`agreement with wasm (detector every frame): people/frame ${b.people.toFixed(2)} vs ${a.people.toFixed(2)}; landmarks of ${g.matched} matched tracks ${(g.gap * 100).toFixed(2)} % of the frame height apart on average`);
}
