/**
 * Exercise naming, learned vs rules: `npx tsx bench/exercise-naming.bench.ts` (or `make bench`).
 *
 * On recordings no model was trained or tuned on (generated with seeds outside every dataset split, random views
 * from front to side, speeds 0.6–1.6, noise, occlusions, dropped frames), compares per exercise
 *   - the rule engine (`@gym/exercise`, the name of the set with most reps),
 *   - the trained TCN (ml/exercise/model, majority of its 3.2 s windows),
 *   - a reference that knows no movement: the most common exercise of the training set for every recording
 *     (the chance level any namer must beat).
 * Also how often each names something on `sway` (standing and shifting weight: should be nothing).
 * Generated skeletons only: rendered and real footage are the harder sets (docs/models.md says which were run).
 * BENCH_NAMING_SEEDS (default 6 per exercise).
 */
import { replayFrames } from '@gym/exercise/testing/replay.ts';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { MOTIONS, type MotionName } from '@gym/exercise/testing/motions.ts';
import { mulberry32 } from '@gym/shared/random.ts';
import { TcnExerciseClassifier } from '../ml/exercise/tcn-classifier.ts';
import { V1_MOTIONS } from '../ml/exercise/classes.ts';
import { headline } from './lib/report.ts';

const SEEDS = Number(process.env['BENCH_NAMING_SEEDS'] ?? 6);

function recording(motion: MotionName, seed: number) {
  const r = mulberry32(seed * 7919 + MOTIONS.indexOf(motion));
  const repSeconds = motion === 'jumping_jack' ? 0.9 : 2.2;
  return generateSequence({
    motion, seed, reps: 6 + Math.floor(r() * 5), speed: 0.6 + r(), repSeconds,
    yaw: r() * 90 * (r() < 0.5 ? -1 : 1), pitch: -5 + r() * 20, noise: 0.002 + r() * 0.01,
    occlusion: r() < 0.3 ? 0.3 : 0, dropRate: r() * 0.1, fps: r() < 0.5 ? 30 : 15,
  });
}

const clf = await TcnExerciseClassifier.load();
const rows: { motion: string; rules: number; tcn: number; n: number }[] = [];
let swayRules = 0, swayTcn = 0, swayN = 0;
const t0 = Date.now();
let rulesMs = 0, tcnMs = 0;
// The motions the TCN v1 was trained on (the generator knows more since).
for (const motion of V1_MOTIONS) {
  let rules = 0, tcn = 0;
  for (let s = 0; s < SEEDS; s++) {
    const seq = recording(motion, 50_001 + s);
    let t = Date.now();
    const byRules = replayFrames(seq.frames).summary.exercise;
    rulesMs += Date.now() - t;
    t = Date.now();
    const byTcn = (await clf.nameRecording(seq.frames)).exercise;
    tcnMs += Date.now() - t;
    if (motion === 'sway') {
      swayN++;
      if (byRules) swayRules++;
      if (byTcn !== 'none') swayTcn++;
      continue;
    }
    if (byRules === motion) rules++;
    if (byTcn === motion) tcn++;
  }
  if (motion !== 'sway') rows.push({ motion, rules, tcn, n: SEEDS });
}
const pct = (a: number, n: number) => `${Math.round((100 * a) / n)} %`;
const exercises = rows.length;
console.log(`exercise naming on ${SEEDS} unseen generated recordings per exercise (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
console.log('\n| exercise | rule engine | TCN | reference (names every recording squat) |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.motion} | ${pct(r.rules, r.n)} | ${pct(r.tcn, r.n)} | ${r.motion === 'squat' ? '100 %' : '0 %'} |`);
const tot = rows.reduce((a, r) => ({ rules: a.rules + r.rules, tcn: a.tcn + r.tcn, n: a.n + r.n }), { rules: 0, tcn: 0, n: 0 });
console.log(`| **all** | ${pct(tot.rules, tot.n)} | ${pct(tot.tcn, tot.n)} | ${pct(SEEDS, tot.n)} |`);
console.log(`| sway named as an exercise (lower is better) | ${swayRules}/${swayN} | ${swayTcn}/${swayN} | ${swayN}/${swayN} |`);
console.log(`\nTCN / rules: naming accuracy ratio ${(tot.tcn / Math.max(1, tot.rules)).toFixed(2)}; time per recording ${(tcnMs / (exercises + 1) / SEEDS).toFixed(1)} ms vs ${(rulesMs / (exercises + 1) / SEEDS).toFixed(1)} ms (rules also count reps)`);
headline({ metric: 'TCN names the exercise right, unseen generated recordings', value: (100 * tot.tcn) / tot.n, unit: '%', reference: { label: 'rule engine', value: (100 * tot.rules) / tot.n }, note: `${tot.n} recordings; generated data only` });
