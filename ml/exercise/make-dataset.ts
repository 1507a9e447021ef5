/**
 * Builds the exercise-recognition dataset from the project's own skeleton generator (`@gym/exercise/testing`):
 * every motion × many seeds, with random view (front to side), pitch, speed, tempo jitter, noise, occlusions and
 * dropped frames, cut into 3.2 s windows (windows.ts). Windows inside a set are labelled with the motion; windows
 * in the idle time before the first and after the last rep (and every `sway` window) are labelled `none`.
 * The split is by seed: train 1–N, validation and test from disjoint seed ranges with views the training set
 * does not share exactly (continuous random yaw), and the test split is never used for training or tuning.
 *
 *   npx tsx ml/exercise/make-dataset.ts [OUT_DIR] [--seeds 24]
 * Writes OUT_DIR/{train,val,test}.bin (float32, N × CHANNELS × STEPS), *.labels.json and meta.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { MOTIONS, type MotionName } from '@gym/exercise/testing/motions.ts';
import { mulberry32 } from '@gym/shared/random.ts';
import { CHANNELS, STEP_MS, WINDOW_STEPS, skeletonWindow } from './windows.ts';

const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--')) ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'smart-gym', 'ml', 'exercise-v1');
const seedsArg = args.indexOf('--seeds');
const SEEDS = seedsArg >= 0 ? Number(args[seedsArg + 1]) : 24;

export { CLASSES, V1_MOTIONS } from './classes.ts';
import { CLASSES, V1_MOTIONS } from './classes.ts';
const STRIDE_MS = 800;

interface Split { name: 'train' | 'val' | 'test'; seeds: number[] }
const splits: Split[] = [
  { name: 'train', seeds: Array.from({ length: SEEDS }, (_, i) => 1 + i) },
  { name: 'val', seeds: Array.from({ length: Math.max(2, SEEDS >> 3) }, (_, i) => 10_001 + i) },
  { name: 'test', seeds: Array.from({ length: Math.max(4, SEEDS >> 2) }, (_, i) => 20_001 + i) },
];

function windowsOf(motion: MotionName, seed: number) {
  const r = mulberry32(seed * 131 + MOTIONS.indexOf(motion));
  const repSeconds = motion === 'jumping_jack' ? 0.9 : 2.2;
  const speed = 0.6 + r() * 1.0;
  const seq = generateSequence({
    motion, seed, reps: 5 + Math.floor(r() * 6), speed, repSeconds,
    yaw: r() * 90 * (r() < 0.5 ? -1 : 1), pitch: -5 + r() * 20, noise: 0.002 + r() * 0.01,
    occlusion: r() < 0.3 ? 0.3 : 0, dropRate: r() * 0.1, idleMs: 3000 + r() * 2000, fps: r() < 0.5 ? 30 : 15,
  });
  const frames = seq.frames;
  const ends = seq.truth.repEnds;
  const repMs = repSeconds * speed * 1000;
  const first = ends.length ? ends[0]! - repMs : Infinity;
  const last = ends.length ? ends[ends.length - 1]! : -Infinity;
  const span = WINDOW_STEPS * STEP_MS;
  const endT = frames[frames.length - 1]?.t ?? 0;
  const items: { x: Float32Array; y: number }[] = [];
  for (let t = 0; t + span <= endT; t += STRIDE_MS) {
    let label: string | null;
    if (motion === 'sway') label = 'none';
    else if (t >= first && t + span <= last + 300) label = motion;
    else if (t + span <= first - 200 || t >= last + 500) label = 'none';
    else label = null; // straddles the start or the end of the set
    if (label === null) continue;
    const x = skeletonWindow(frames, t);
    if (x) items.push({ x, y: (CLASSES as readonly string[]).indexOf(label) });
  }
  return items;
}

mkdirSync(out, { recursive: true });
const hash = createHash('sha256');
const meta: Record<string, unknown> = { format: 'gym.ml.exercise-windows/1', classes: CLASSES, channels: CHANNELS, steps: WINDOW_STEPS, stepMs: STEP_MS, strideMs: STRIDE_MS, splits: {} };
for (const split of splits) {
  const xs: Float32Array[] = [];
  const ys: number[] = [];
  for (const motion of V1_MOTIONS) for (const seed of split.seeds) for (const it of windowsOf(motion, seed)) { xs.push(it.x); ys.push(it.y); }
  const buf = Buffer.alloc(xs.length * CHANNELS * WINDOW_STEPS * 4);
  xs.forEach((x, i) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).copy(buf, i * x.byteLength));
  hash.update(buf);
  writeFileSync(join(out, `${split.name}.bin`), buf);
  writeFileSync(join(out, `${split.name}.labels.json`), JSON.stringify(ys));
  const counts = Object.fromEntries(CLASSES.map((c, i) => [c, ys.filter((y) => y === i).length]));
  (meta['splits'] as Record<string, unknown>)[split.name] = { seeds: [split.seeds[0], split.seeds[split.seeds.length - 1]], windows: ys.length, counts };
  console.log(`${split.name}: ${ys.length} windows from seeds ${split.seeds[0]}–${split.seeds[split.seeds.length - 1]}`);
}
meta['sha256'] = hash.digest('hex');
writeFileSync(join(out, 'meta.json'), JSON.stringify(meta, null, 2));
console.log(`dataset in ${out} (sha256 ${String(meta['sha256']).slice(0, 12)})`);
