/**
 * Exercise engine against the plain periodicity counter (bench/reference/periodic-counter.ts), both run on the
 * same recordings in the same run. Per dev set and per exercise: share within ±1 rep, mean |pred-true|/true,
 * naming accuracy (engine only: the reference names nothing) and false reps per person-minute on movement that
 * is not exercise. Dev sets:
 *   generated      every catalogue exercise x every corruption condition (held-out seed 9001)
 *   unknown        a periodic movement the catalogue lacks (side leg raise): must be counted, named "unknown"
 *   non-exercise   generated walking (across, towards the camera, with turns), talking, turning, picking up, idle
 *   pedestrian     the pose recordings of opencv's pedestrian video (`npx gym analyse-video --fps 5 --poses DIR
 *                  ~/.cache/smart-gym/footage/vtest.mp4`), read from DIR (default ~/.cache/smart-gym/vtest-poses)
 *   rendered       gym.poses/1 recordings with a `truth` {exercise, reps} in the header, from POSES_DIR (optional)
 *
 *   npx tsx bench/exercise-engine.bench.ts [perPair=1] [seed=9001]   (env VTEST_POSES, RENDERED_POSES)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parsePoseFrame, parsePosesHeader, type PoseFrame } from '@gym/shared';
import { createExerciseEngine } from '@gym/exercise/engine.ts';
import { summarise } from '@gym/exercise/summary.ts';
import type { ExerciseEvent } from '@gym/exercise/types.ts';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { runScenario, scenarios } from '@gym/exercise/testing/scenarios.ts';
import { generateNonExercise, NON_EXERCISE } from '@gym/exercise/testing/walkers.ts';
import { referenceCount } from './reference/periodic-counter.ts';

const perPair = Number(process.argv[2] ?? 1);
const seed = Number(process.argv[3] ?? 9001);

interface Rec { set: string; group: string; frames: readonly PoseFrame[]; truth: number; name: string | null }
interface Acc { n: number; within: [number, number]; err: [number, number]; named: number; falseReps: [number, number]; minutes: number }
const acc = (): Acc => ({ n: 0, within: [0, 0], err: [0, 0], named: 0, falseReps: [0, 0], minutes: 0 });

function runEngine(frames: readonly PoseFrame[]): { reps: number; exercise: string | null } {
  const engine = createExerciseEngine();
  const events: ExerciseEvent[] = [];
  for (const f of frames) for (const e of engine.push('p', f.t, f.kp)) events.push(e);
  events.push(...engine.flush());
  const s = summarise(events);
  return { reps: s.reps, exercise: s.exercise };
}

function readPosesFile(path: string): { frames: PoseFrame[]; header: Record<string, unknown> } {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim());
  const header = parsePosesHeader(lines[0]!) as unknown as Record<string, unknown>;
  return { header, frames: lines.slice(1).map((l, i) => parsePoseFrame(l, i + 2)) };
}

const recs: Rec[] = [];
for (const s of scenarios(seed, perPair)) {
  const seq = runScenario(s);
  recs.push({ set: 'generated', group: s.options.motion, frames: seq.frames, truth: seq.truth.reps, name: s.options.motion });
}
for (let k = 0; k < 6 * perPair; k++) {
  const seq = generateSequence({ motion: 'side_leg_raise', seed: seed + k, yaw: k * 7, reps: 5 + (k % 6), noise: 0.004 + (k % 3) * 0.003 });
  recs.push({ set: 'unknown', group: 'side_leg_raise', frames: seq.frames, truth: seq.truth.reps, name: null });
}
for (const kind of NON_EXERCISE) for (let k = 0; k < 4 * perPair; k++) {
  recs.push({ set: 'non-exercise', group: kind, frames: generateNonExercise({ kind, seed: seed * 7 + k * 13 + kind.length, durationMs: 30_000 }).frames, truth: 0, name: null });
}
const vtestDir = process.env.VTEST_POSES ?? join(homedir(), '.cache/smart-gym/vtest-poses');
if (existsSync(vtestDir)) {
  for (const f of readdirSync(vtestDir).filter((n) => n.endsWith('.poses.jsonl')).sort()) {
    recs.push({ set: 'pedestrian', group: 'walking people', frames: readPosesFile(join(vtestDir, f)).frames, truth: 0, name: null });
  }
} else console.log(`(pedestrian set skipped: no ${vtestDir})`);
const renderedDir = process.env.RENDERED_POSES;
if (renderedDir && existsSync(renderedDir)) {
  for (const f of readdirSync(renderedDir).filter((n) => n.endsWith('.jsonl')).sort()) {
    const { frames, header } = readPosesFile(join(renderedDir, f));
    const truth = header.truth as { exercise?: string; reps?: number } | undefined;
    if (typeof truth?.reps === 'number') recs.push({ set: 'rendered', group: truth.exercise ?? '?', frames, truth: truth.reps, name: truth.exercise ?? null });
  }
}

const table = new Map<string, Map<string, Acc>>();
const confusion = new Map<string, Map<string, number>>();
for (const r of recs) {
  const e = runEngine(r.frames);
  const ref = referenceCount(r.frames).reps;
  const groups = table.get(r.set) ?? table.set(r.set, new Map()).get(r.set)!;
  const seen = r.frames.filter((f) => f.kp);
  const minutes = seen.length > 1 ? (seen[seen.length - 1]!.t - seen[0]!.t) / 60_000 : 0;
  for (const key of [r.group, 'ALL']) {
    const a = groups.get(key) ?? groups.set(key, acc()).get(key)!;
    a.n++;
    a.minutes += minutes;
    [e.reps, ref].forEach((p, i) => {
      if (r.truth > 0) {
        a.within[i]! += Math.abs(p - r.truth) <= 1 ? 1 : 0;
        a.err[i]! += Math.abs(p - r.truth) / r.truth;
      } else a.falseReps[i]! += p;
    });
    if (r.truth > 0) a.named += e.exercise === r.name ? 1 : 0;
  }
  if (r.truth > 0) {
    const m = confusion.get(r.set) ?? confusion.set(r.set, new Map()).get(r.set)!;
    const k = `${r.name ?? 'unknown'} -> ${e.exercise ?? 'unknown'}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
}

const pct = (x: number, n: number): string => `${((100 * x) / Math.max(1, n)).toFixed(0)} %`;
console.log(`exercise engine vs plain periodicity counter (seed ${seed}, ${recs.length} recordings)\n`);
for (const [set, unordered] of table) {
  const groups = new Map([...unordered].sort(([a], [b]) => Number(a === 'ALL') - Number(b === 'ALL')));
  const counted = [...groups.values()].some((a) => a.named + a.within[0] + a.within[1] + a.err[0] > 0);
  console.log(`### ${set}\n`);
  if (counted) {
    console.log('| exercise | n | engine ±1 | reference ±1 | engine error | reference error | engine named right |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [g, a] of groups) console.log(`| ${g} | ${a.n} | ${pct(a.within[0], a.n)} | ${pct(a.within[1], a.n)} | ${(a.err[0] / a.n).toFixed(3)} | ${(a.err[1] / a.n).toFixed(3)} | ${pct(a.named, a.n)} |`);
  } else {
    console.log('| movement | n | person-min | engine false reps/person-min | reference false reps/person-min |');
    console.log('|---|---|---|---|---|');
    for (const [g, a] of groups) console.log(`| ${g} | ${a.n} | ${a.minutes.toFixed(1)} | ${(a.falseReps[0] / Math.max(1e-9, a.minutes)).toFixed(2)} | ${(a.falseReps[1] / Math.max(1e-9, a.minutes)).toFixed(2)} |`);
  }
  const conf = confusion.get(set);
  if (conf) console.log(`\nnamed (true -> engine): ${[...conf].sort((x, y) => y[1] - x[1]).map(([k, n]) => (k.split(' -> ')[0] === k.split(' -> ')[1] ? `${k} ${n}` : `**${k} ${n}**`)).join(', ')}`);
  console.log('');
}
