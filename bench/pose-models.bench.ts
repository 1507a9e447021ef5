/**
 * Cheaper pose models where they are as good (issue 19): MediaPipe pose lite vs full vs heavy, per person size.
 *
 * Real people: the pedestrians of Debian opencv-doc's vtest.avi (768×576). There are no hand-marked joints for it,
 * so the heaviest model is the reference and each lighter one is scored by how far its landmarks fall from the
 * heavy model's (visible landmarks, normalised by the person's box height), next to its cost per person; the
 * detector runs on every frame so every variant sees the same people in the same boxes (same track ids).
 * Rendered people (exact joints from the rig) are scored by bench/pose-accuracy.bench.ts where the footage exists.
 *
 *   npx tsx bench/pose-models.bench.ts            # BENCH_FRAMES=24 (at 4 fps from t = 2 s)
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ModelsConfig } from '../shared/src/config/gym-config.ts';
import { startChromiumAnalyser } from '../web-perception/src/cli/analyse-video/analyse-harness.ts';
import { decodeVideo, probeVideo, type DecodedFrame } from '../web-perception/src/cli/analyse-video/video-decoder.ts';
import { VTEST_FILE } from '../web-perception/src/tracking/vtest-reference.ts';
import { headline } from './lib/report.ts';

const FRAMES = Number(process.env['BENCH_FRAMES'] ?? 24);
const FPS = 4;
const VARIANTS = ['heavy', 'full', 'lite'] as const;
type Variant = (typeof VARIANTS)[number];
/** Person size buckets by box height in pixels of the 576-pixel-high frame. */
const SIZES = [
  { name: 'small (< 150 px)', max: 150 },
  { name: 'medium (150–250 px)', max: 250 },
  { name: 'large (≥ 250 px)', max: Infinity },
] as const;

interface Pose { box: { x: number; y: number; w: number; h: number }; kp: number[] }
/** Per variant: frame index → track id → pose; and the pose stage's milliseconds and poses run. */
interface Run { poses: Map<string, Pose>; poseMs: number; posed: number }

async function runVariant(variant: Variant, frames: readonly DecodedFrame[]): Promise<Run> {
  const a = await startChromiumAnalyser({ models: ModelsConfig.parse({ backend: 'wasm', pose: variant }), roles: ['detector', 'pose'] });
  try {
    await a.begin({ frameIntervalMs: 1000 / FPS }, 8, 'cam', 1, false, false);
    const poses = new Map<string, Pose>();
    let poseMs = 0, posed = 0;
    for (const [i, f] of frames.entries()) {
      const r = await a.analyse(f, 'cam');
      poseMs += r.stageMs['pose'] ?? 0;
      for (const t of r.tracks) {
        if (!t.skeleton) continue;
        posed++;
        poses.set(`${i}/${t.trackId}`, { box: t.box, kp: t.skeleton });
      }
    }
    return { poses, poseMs, posed };
  } finally {
    await a.close();
  }
}

/** Mean distance of landmarks visible (≥ 0.5) in the reference, in pixels over the reference box height. */
function poseGap(ref: Pose, p: Pose, w: number, h: number): number | null {
  let sum = 0, n = 0;
  for (let j = 0; j < 33; j++) {
    if ((ref.kp[j * 4 + 3] ?? 0) < 0.5) continue;
    const dx = ((p.kp[j * 4] ?? 0) - (ref.kp[j * 4] ?? 0)) * w;
    const dy = ((p.kp[j * 4 + 1] ?? 0) - (ref.kp[j * 4 + 1] ?? 0)) * h;
    sum += Math.hypot(dx, dy);
    n++;
  }
  return n >= 5 ? sum / n / Math.max(1, ref.box.h) : null;
}

async function main(): Promise<void> {
  if (!existsSync(VTEST_FILE) || !existsSync(join(import.meta.dirname, '../models/manifest.json'))) {
    console.log('skipped: needs opencv-doc footage (vtest.avi) and models/ from the set-up');
    return;
  }
  const info = await probeVideo(VTEST_FILE);
  const frames: DecodedFrame[] = [];
  for await (const f of decodeVideo(VTEST_FILE, info, { fps: FPS, maxSeconds: 2 + FRAMES / FPS })) if (f.t >= 2000 && frames.length < FRAMES) frames.push(f);
  console.log(`pose models on vtest.avi: ${frames.length} frames at ${FPS} fps, detector every frame, wasm, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}`);
  const runs = {} as Record<Variant, Run>;
  for (const v of VARIANTS) runs[v] = await runVariant(v, frames);
  const { width: W, height: H } = frames[0]!;

  console.log('\n| pose model | ms per person (wasm) | vs heavy | gap to heavy, all | ' + SIZES.map((s) => s.name).join(' | ') + ' | poses compared |');
  console.log('|---|---|---|---|' + SIZES.map(() => '---|').join('') + '---|');
  const heads: (() => void)[] = [];
  const heavyMs = runs.heavy.poseMs / Math.max(1, runs.heavy.posed);
  for (const v of VARIANTS) {
    const ms = runs[v].poseMs / Math.max(1, runs[v].posed);
    const bySize = SIZES.map(() => ({ sum: 0, n: 0 }));
    let sum = 0, n = 0;
    for (const [key, ref] of runs.heavy.poses) {
      const p = runs[v].poses.get(key);
      if (!p) continue;
      const g = poseGap(ref, p, W, H);
      if (g === null) continue;
      sum += g;
      n++;
      const b = bySize[SIZES.findIndex((s) => ref.box.h < s.max)]!;
      b.sum += g;
      b.n++;
    }
    const pctOf = (s: number, k: number) => (k ? `${((100 * s) / k).toFixed(1)} %` : '—');
    console.log(`| ${v}${v === 'heavy' ? ' (reference)' : ''} | ${ms.toFixed(0)} | ${(ms / heavyMs).toFixed(2)}× | ${pctOf(sum, n)} | ${bySize.map((b) => `${pctOf(b.sum, b.n)} (${b.n})`).join(' | ')} | ${n} |`);
    if (v !== 'heavy')
      heads.push(() => {
        headline({ metric: `pose ${v}: ms per person in wasm`, value: ms, unit: 'ms', reference: { label: 'pose heavy', value: heavyMs } });
        headline({ metric: `pose ${v}: landmark gap to heavy on real pedestrians (share of box height)`, value: n ? (100 * sum) / n : NaN, unit: '%', note: `${n} poses, vtest.avi` });
      });
  }
  for (const h of heads) h();
  console.log('\ngap: mean distance of the landmarks the heavy model sees (visibility ≥ 0.5) from the heavy model\'s, over the');
  console.log('person\'s box height; heavy is the best model we have, not the truth (rendered footage has the truth).');
  console.log('The product default is `models.pose: full`; `lite` is the choice where this table says it costs little.');
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(e);
    process.exit(1);
  },
);
