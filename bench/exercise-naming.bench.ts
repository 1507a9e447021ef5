/**
 * Exercise naming, learned vs rules: `npx tsx bench/exercise-naming.bench.ts` (or `make bench`).
 *
 * Compares, per exercise, on recordings no model was trained or tuned on:
 *   - the rule engine (`@gym/exercise`: the name of the set with most reps, or of the longest hold),
 *   - the trained TCN v2 (ml/exercise/model, majority of its 3.2 s windows),
 *   - "TCN when rules unsure": the engine with the TCN as the namer of the sets its rules counted but could not
 *     name or named with confidence < 0.5 (`withLearnedNamer`, ml/exercise/tcn-namer.ts: what the product runs;
 *     the 0.5 was fixed before any rendered number was seen, not tuned),
 *   - a reference that knows no movement: one name (squat) for every recording (the chance level).
 * Two sets:
 *   1. generated: the skeleton generator with seeds 50001+ that no dataset split contains (random views front to
 *      side, speeds 0.6–1.6, noise, occlusions, dropped frames), every catalogue exercise; and non-exercise
 *      (sway, an unknown periodic movement, the walkers) that should be named nothing;
 *   2. rendered: the coverage clips already analysed by the perception pipeline (bench/lib/rendered-clips.ts:
 *      rendered video → NanoDet → tracker → MediaPipe pose), each exercising person against the truth file, and
 *      the people with no exercise (should be named nothing). Never rendered or analysed here unless
 *      BENCH_RENDER=1 (it reads the cache, as BENCH_CACHED_ONLY=1 does). Evaluation data only: never trained on.
 * BENCH_NAMING_SEEDS (default 6 per exercise), BENCH_RENDERED=0 skips the rendered set.
 */
import { createExerciseEngine, summarise, type ExerciseEvent } from '@gym/exercise';
import type { PoseFrame } from '@gym/shared';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { MOTIONS, type MotionName } from '@gym/exercise/testing/motions.ts';
import { HOLD_MOTIONS } from '@gym/exercise/testing/motions-more.ts';
import { generateNonExercise, NON_EXERCISE } from '@gym/exercise/testing/walkers.ts';
import { mulberry32 } from '@gym/shared/random.ts';
import { withLearnedNamer } from '@gym/exercise/learned-namer.ts';
import { TcnExerciseClassifier } from '../ml/exercise/tcn-classifier.ts';
import { TcnSetNamer } from '../ml/exercise/tcn-namer.ts';
import { NONE_MOTIONS, V2_MOTIONS } from '../ml/exercise/classes.ts';
import { headline } from './lib/report.ts';

const SEEDS = Number(process.env['BENCH_NAMING_SEEDS'] ?? 6);

function recording(motion: MotionName, seed: number) {
  const r = mulberry32(seed * 7919 + MOTIONS.indexOf(motion));
  const fast = motion === 'jumping_jack' || motion === 'mountain_climber';
  const hold = (HOLD_MOTIONS as readonly string[]).includes(motion);
  return generateSequence({
    motion, seed, reps: (fast ? 12 : 6) + Math.floor(r() * 5), speed: 0.6 + r(),
    ...(hold ? { holdMs: 10_000 + r() * 20_000 } : {}),
    yaw: r() * 90 * (r() < 0.5 ? -1 : 1), pitch: -5 + r() * 20, noise: 0.002 + r() * 0.01,
    occlusion: r() < 0.3 ? 0.3 : 0, dropRate: r() * 0.1, fps: r() < 0.5 ? 30 : 15,
  });
}

/** An engine's name for a recording: the set with most reps, else the longest hold. */
function byEngine(frames: readonly PoseFrame[], learned: boolean): string | null {
  const engine = learned ? withLearnedNamer(createExerciseEngine(), { namer }) : createExerciseEngine();
  const events: ExerciseEvent[] = [];
  for (const f of frames) events.push(...engine.push('p', f.t, f.kp));
  events.push(...engine.flush('p'));
  const s = summarise(events);
  if (s.exercise && s.reps > 0) return s.exercise;
  let holdMs = 0, name: string | null = null;
  for (const e of events) if (e.type === 'set.ended' && e.holdMs && e.holdMs > holdMs) { holdMs = e.holdMs; name = e.exercise; }
  return name;
}

interface Row { n: number; rules: number; tcn: number; hybrid: number }
const row = (): Row => ({ n: 0, rules: 0, tcn: 0, hybrid: 0 });
const clf = await TcnExerciseClassifier.load();
const namer = TcnSetNamer.load();
let rulesMs = 0, tcnMs = 0, hybridMs = 0, calls = 0;

async function nameAll(frames: PoseFrame[]) {
  let t = performance.now();
  const rules = byEngine(frames, false);
  rulesMs += performance.now() - t;
  t = performance.now();
  const tcnName = (await clf.nameRecording(frames)).exercise;
  tcnMs += performance.now() - t;
  t = performance.now();
  const hybrid = byEngine(frames, true);
  hybridMs += performance.now() - t;
  calls++;
  return { rules, tcn: tcnName === 'none' ? null : tcnName, hybrid };
}

/** One exerciser: right name counts; `truth` null = a non-exerciser, where naming nothing is right. */
function score(r: Row, truth: string | null, got: { rules: string | null; tcn: string | null; hybrid: string | null }) {
  r.n++;
  if (got.rules === truth) r.rules++;
  if (got.tcn === truth) r.tcn++;
  if (got.hybrid === truth) r.hybrid++;
}

const pct = (a: number, n: number) => `${Math.round((100 * a) / Math.max(1, n))} %`;
function print(title: string, rows: Map<string, Row>, negatives: Map<string, Row>, confusion: Map<string, number>) {
  console.log(`\n${title}\n\n| exercise | n | rule engine | TCN | TCN when rules unsure | reference (all squat) |\n|---|---|---|---|---|---|`);
  const tot = row();
  for (const [k, r] of rows) {
    console.log(`| ${k} | ${r.n} | ${pct(r.rules, r.n)} | ${pct(r.tcn, r.n)} | ${pct(r.hybrid, r.n)} | ${k === 'squat' ? '100 %' : '0 %'} |`);
    tot.n += r.n; tot.rules += r.rules; tot.tcn += r.tcn; tot.hybrid += r.hybrid;
  }
  const squats = rows.get('squat')?.n ?? 0;
  console.log(`| **all exercisers** | ${tot.n} | ${pct(tot.rules, tot.n)} | ${pct(tot.tcn, tot.n)} | ${pct(tot.hybrid, tot.n)} | ${pct(squats, tot.n)} |`);
  for (const [k, r] of negatives) console.log(`| ${k}: named nothing (right) | ${r.n} | ${pct(r.rules, r.n)} | ${pct(r.tcn, r.n)} | ${pct(r.hybrid, r.n)} | 0 % |`);
  const wrong = [...confusion].filter(([k]) => !k.endsWith('=')).sort((a, b) => b[1] - a[1]);
  if (wrong.length) console.log(`\nwrong names (namer: truth -> named ×n): ${wrong.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  return tot;
}
function confuse(m: Map<string, number>, truth: string | null, got: Record<string, string | null>) {
  for (const [namer, name] of Object.entries(got)) if (name !== truth) { const k = `${namer}: ${truth ?? 'none'} -> ${name ?? 'none'}`; m.set(k, (m.get(k) ?? 0) + 1); }
}

// 1. Generated, unseen seeds.
const t0 = Date.now();
const gen = new Map<string, Row>(), genNeg = new Map<string, Row>(), genConf = new Map<string, number>();
for (const motion of V2_MOTIONS) {
  const r = gen.set(motion, row()).get(motion)!;
  for (let s = 0; s < SEEDS; s++) {
    const got = await nameAll(recording(motion, 50_001 + s).frames);
    score(r, motion, got);
    confuse(genConf, motion, got);
  }
}
for (const m of NONE_MOTIONS) {
  const r = genNeg.set(m, row()).get(m)!;
  for (let s = 0; s < SEEDS; s++) { const got = await nameAll(recording(m, 50_001 + s).frames); score(r, null, got); confuse(genConf, null, got); }
}
const walk = genNeg.set('walkers (walk, talk, turn, pick up, idle)', row()).get('walkers (walk, talk, turn, pick up, idle)')!;
for (const kind of NON_EXERCISE) for (let s = 0; s < Math.ceil(SEEDS / 2); s++) {
  const got = await nameAll(generateNonExercise({ kind, seed: 50_001 + s, durationMs: 30_000 }).frames);
  score(walk, null, got);
  confuse(genConf, null, got);
}
const g = print(`exercise naming on ${SEEDS} unseen generated recordings per exercise (${((Date.now() - t0) / 1000).toFixed(0)} s)`, gen, genNeg, genConf);
console.log(`\nTCN / rules: naming accuracy ratio ${(g.tcn / Math.max(1, g.rules)).toFixed(2)}; time per recording: TCN (onnxruntime) ${(tcnMs / calls).toFixed(1)} ms, rules ${(rulesMs / calls).toFixed(1)} ms (they also count reps), rules + TCN namer (TypeScript forward) ${(hybridMs / calls).toFixed(1)} ms`);
headline({ metric: 'TCN names the exercise right, unseen generated recordings', value: (100 * g.tcn) / g.n, unit: '%', reference: { label: 'rule engine', value: (100 * g.rules) / g.n }, note: `${g.n} recordings, ${V2_MOTIONS.length} exercises; generated data only` });

// 2. Rendered clips, as analysed by the perception pipeline (cache only unless BENCH_RENDER=1).
if (process.env['BENCH_RENDERED'] !== '0') {
  if (!process.env['BENCH_RENDER']) process.env['BENCH_CACHED_ONLY'] ??= '1';
  const { clipNames, personsByTruth, renderedClips } = await import('./lib/rendered-clips.ts');
  const clips = await renderedClips(clipNames());
  const ren = new Map<string, Row>(), renNeg = new Map<string, Row>(), renConf = new Map<string, number>();
  const lines: string[] = [];
  for (const c of clips) {
    const byTruth = personsByTruth(c);
    for (const tp of c.truth.people) {
      // The longest track of the person (as exercise-counts-rendered does).
      const best = byTruth.get(tp.id)?.[0];
      const truth = tp.role === 'exercising' ? tp.sets[0]?.exercise ?? null : null;
      const got = best ? await nameAll(best.frames) : { rules: null, tcn: null, hybrid: null };
      const key = truth ?? `${tp.role} (no exercise)`;
      const r = (truth ? ren : renNeg).get(key) ?? (truth ? ren : renNeg).set(key, row()).get(key)!;
      score(r, truth, got);
      confuse(renConf, truth, got);
      lines.push(`${c.name} ${tp.id}: truth ${truth ?? '-'}, rules ${got.rules ?? '-'}, TCN ${got.tcn ?? '-'}, hybrid ${got.hybrid ?? '-'}`);
    }
  }
  if (!clips.length) console.log('\nrendered: no analysed clips in the cache (run bench/exercise-counts-rendered.bench.ts first, or BENCH_RENDER=1)');
  else {
    console.log(`\n${lines.join('\n')}`);
    const rr = print(`exercise naming on ${clips.length} rendered clips analysed by the perception pipeline (evaluation only)`, ren, renNeg, renConf);
    headline({ metric: 'TCN names the exercise right, rendered clips', value: (100 * rr.tcn) / Math.max(1, rr.n), unit: '%', reference: { label: 'rule engine', value: (100 * rr.rules) / Math.max(1, rr.n) }, note: `${rr.n} exercisers in ${clips.length} clips; TCN when rules unsure ${pct(rr.hybrid, rr.n)}` });
  }
}
