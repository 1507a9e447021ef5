/**
 * Builds the exercise-recognition dataset (v2) from the project's own skeleton generators (`@gym/exercise/testing`):
 * every catalogue exercise (19 rep exercises, the plank and wall-sit holds) × many seeds, with random view (front
 * to side, either way), pitch, speed, tempo jitter, noise, occlusions, dropped frames, frame rate, image aspect and
 * box normalisation, cut into 3.2 s windows (windows.ts). Windows inside a set (or inside the held part of a hold)
 * are labelled with the exercise; windows in the idle time before the first and after the last rep are `none`, and
 * so is every window of the non-exercise recordings: `sway`, `side_leg_raise` (a periodic movement the catalogue
 * does not have) and the walkers (walking across the frame, towards the camera, with turns, talking with the
 * hands, turning on the spot, picking something up, idle). Windows that straddle the start or end of a set are
 * left out.
 * The split is by seed: train 1–N, validation and test from disjoint seed ranges (continuous random yaw, so no
 * view is shared exactly); the test split is never used for training or tuning. Rendered footage is not used here.
 *
 *   npx tsx ml/exercise/make-dataset.ts [OUT_DIR] [--seeds 24]
 * Writes OUT_DIR/{train,val,test}.bin (float32, N × CHANNELS × STEPS), *.labels.json and meta.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { PoseFrame } from '@gym/shared';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { MOTIONS, type MotionName } from '@gym/exercise/testing/motions.ts';
import { HOLD_MOTIONS } from '@gym/exercise/testing/motions-more.ts';
import { generateNonExercise, NON_EXERCISE, type NonExercise } from '@gym/exercise/testing/walkers.ts';
import { mulberry32 } from '@gym/shared/random.ts';
import { CHANNELS, STEP_MS, WINDOW_STEPS, skeletonWindow } from './windows.ts';
import { CLASSES, NONE_MOTIONS, NONE_WALKERS, V2_MOTIONS } from './classes.ts';

const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--')) ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'smart-gym', 'ml', 'exercise-v2');
const seedsArg = args.indexOf('--seeds');
const SEEDS = seedsArg >= 0 ? Number(args[seedsArg + 1]) : 24;
const STRIDE_MS = 800;

interface Split { name: 'train' | 'val' | 'test'; seeds: number[] }
const splits: Split[] = [
  { name: 'train', seeds: Array.from({ length: SEEDS }, (_, i) => 1 + i) },
  { name: 'val', seeds: Array.from({ length: Math.max(2, SEEDS >> 3) }, (_, i) => 10_001 + i) },
  { name: 'test', seeds: Array.from({ length: Math.max(4, SEEDS >> 2) }, (_, i) => 20_001 + i) },
];

/** Seconds per rep at speed 1, as the generator's defaults. */
export function repSecondsOf(motion: MotionName): number {
  return motion === 'jumping_jack' || motion === 'mountain_climber' ? 0.9 : motion === 'burpee' ? 3.2 : 2.2;
}

/** The random recording conditions of one (motion, seed); the bench draws its own from other seeds. */
export function recordingOptions(motion: MotionName, seed: number, r: () => number) {
  const isHold = (HOLD_MOTIONS as readonly string[]).includes(motion);
  // Fast movements (0.9 s a rep) get more reps so their sets last about as long as the others'.
  const fast = repSecondsOf(motion) < 1;
  return {
    motion, seed, reps: (fast ? 12 : 5) + Math.floor(r() * (fast ? 12 : 6)), speed: 0.6 + r() * 1.0,
    ...(isHold ? { holdMs: 8000 + r() * 22_000 } : {}),
    yaw: r() * 90 * (r() < 0.5 ? -1 : 1), pitch: -5 + r() * 20, noise: 0.002 + r() * 0.01,
    occlusion: r() < 0.3 ? 0.3 : 0, dropRate: r() * 0.1, idleMs: 3000 + r() * 2000,
    fps: [15, 24, 30][Math.floor(r() * 3)]!, aspect: [16 / 9, 4 / 3, 9 / 16][Math.floor(r() * 3)]!,
    normalise: r() < 0.2 ? 'box' as const : 'image' as const,
  };
}

function cut(frames: PoseFrame[], label: (t: number, span: number) => string | null) {
  const span = WINDOW_STEPS * STEP_MS;
  const endT = frames[frames.length - 1]?.t ?? 0;
  const items: { x: Float32Array; y: number }[] = [];
  for (let t = 0; t + span <= endT; t += STRIDE_MS) {
    const l = label(t, span);
    if (l === null) continue;
    const x = skeletonWindow(frames, t);
    if (x) items.push({ x, y: (CLASSES as readonly string[]).indexOf(l) });
  }
  return items;
}

function motionWindows(motion: MotionName, seed: number) {
  const r = mulberry32(seed * 131 + MOTIONS.indexOf(motion));
  const o = recordingOptions(motion, seed, r);
  const seq = generateSequence(o);
  const repMs = repSecondsOf(motion) * o.speed * 1000;
  let first: number, last: number;
  if (o.holdMs !== undefined) {
    // Hold: down in ≤ 0.7 of a rep, then held for holdMs (the way up is after it).
    first = o.idleMs + repMs * 0.7;
    last = o.idleMs + repMs * 0.34 + o.holdMs;
  } else {
    const ends = seq.truth.repEnds;
    first = ends.length ? ends[0]! - repMs : Infinity;
    last = ends.length ? ends[ends.length - 1]! : -Infinity;
  }
  const isNone = (NONE_MOTIONS as readonly string[]).includes(motion);
  return cut(seq.frames, (t, span) => {
    if (isNone) return 'none';
    if (t >= first && t + span <= last + 300) return motion;
    if (t + span <= first - 200 || t >= last + 500) return 'none';
    return null; // straddles the start or the end of the set
  });
}

function walkerWindows(kind: NonExercise, seed: number) {
  const r = mulberry32(seed * 977 + NON_EXERCISE.indexOf(kind));
  const rec = generateNonExercise({ kind, seed, durationMs: 16_000 + r() * 10_000, fps: [15, 24, 30][Math.floor(r() * 3)]!, noise: 0.002 + r() * 0.008, aspect: [16 / 9, 4 / 3][Math.floor(r() * 2)]! });
  return cut(rec.frames, () => 'none');
}

mkdirSync(out, { recursive: true });
const hash = createHash('sha256');
const meta: Record<string, unknown> = {
  format: 'gym.ml.exercise-windows/2', classes: CLASSES, channels: CHANNELS, steps: WINDOW_STEPS, stepMs: STEP_MS, strideMs: STRIDE_MS,
  none: { motions: NONE_MOTIONS, walkers: NONE_WALKERS, alsoIdleAroundSets: true }, splits: {},
};
const t0 = Date.now();
for (const split of splits) {
  const xs: Float32Array[] = [];
  const ys: number[] = [];
  const add = (items: { x: Float32Array; y: number }[]) => { for (const it of items) { xs.push(it.x); ys.push(it.y); } };
  for (const seed of split.seeds) {
    for (const motion of [...V2_MOTIONS, ...NONE_MOTIONS]) add(motionWindows(motion, seed));
    for (const kind of NONE_WALKERS) add(walkerWindows(kind, seed));
  }
  const buf = Buffer.alloc(xs.length * CHANNELS * WINDOW_STEPS * 4);
  xs.forEach((x, i) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).copy(buf, i * x.byteLength));
  hash.update(buf);
  writeFileSync(join(out, `${split.name}.bin`), buf);
  writeFileSync(join(out, `${split.name}.labels.json`), JSON.stringify(ys));
  const counts = Object.fromEntries(CLASSES.map((c, i) => [c, ys.filter((y) => y === i).length]));
  (meta['splits'] as Record<string, unknown>)[split.name] = { seeds: [split.seeds[0], split.seeds[split.seeds.length - 1]], windows: ys.length, counts };
  console.log(`${split.name}: ${ys.length} windows from seeds ${split.seeds[0]}–${split.seeds[split.seeds.length - 1]} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}
meta['sha256'] = hash.digest('hex');
writeFileSync(join(out, 'meta.json'), JSON.stringify(meta, null, 2));
console.log(`dataset in ${out} (sha256 ${String(meta['sha256']).slice(0, 12)})`);
