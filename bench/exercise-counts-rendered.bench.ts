/**
 * Exercise counts and names on rendered footage (issues 13, 14): the coverage set (every exercise × front / 45° /
 * side × two tempos; or BENCH_CLIPS, e.g. `demo-gym`) through the pipeline of `npx gym analyse-video` (its library
 * function; poses cached by bench/lib/rendered-clips.ts), each person's skeletons through the exercise engine
 * exactly as analyse-video runs it, against the truth file's counted reps. Reference in the same run, on the same
 * skeletons: the plain periodicity counter (bench/reference/periodic-counter.ts). Per exercise and per view: share
 * within ±1 rep, mean |pred − true| / true, named right (engine only), a confusion list; people with no exercise
 * in the truth (walkers, talkers) give false reps per person-minute. Naming twice: the rules alone, and the rules with
 * the exercise TCN naming the sets they are unsure of (what the server and analyse-video do).
 *
 *   npx tsx bench/exercise-counts-rendered.bench.ts
 *   BENCH_CLIPS=demo-gym npx tsx bench/exercise-counts-rendered.bench.ts
 */
import { createExerciseEngine, summarise, type ExerciseEvent } from '@gym/exercise';
import { withLearnedNamer, type SetNamer } from '@gym/exercise/learned-namer.ts';
import { defaultTcnNamer } from '../ml/exercise/tcn-namer.ts';
import type { PoseFrame } from '@gym/shared';
import { headline } from './lib/report.ts';
import { clipNames, personsByTruth, renderedClips, table, truthReps } from './lib/rendered-clips.ts';
import { referenceCount } from './reference/periodic-counter.ts';

const tcn: SetNamer = defaultTcnNamer();
function engineCount(frames: readonly PoseFrame[], namer: SetNamer | null = null): { reps: number; exercise: string | null; holdS: number; holdExercise: string | null } {
  const engine = namer ? withLearnedNamer(createExerciseEngine(), { namer }) : createExerciseEngine();
  const events: ExerciseEvent[] = [];
  for (const f of frames) events.push(...engine.push('p', f.t, f.kp));
  events.push(...engine.flush('p'));
  const s = summarise(events);
  // Timed holds: the longest held set.
  let holdS = 0, holdExercise: string | null = null;
  for (const e of events) if (e.type === 'set.ended' && e.holdMs && e.holdMs / 1000 > holdS) { holdS = e.holdMs / 1000; holdExercise = e.exercise; }
  return { reps: s.reps, exercise: s.exercise, holdS, holdExercise };
}
/** Holds (plank, wall-sit): named right and held time within 1.5 s of the truth's. */
const holdRows: string[][] = [['clip', 'truth hold s', 'engine hold s', 'engine named', 'with namer']];
let holdsRight = 0;

interface Acc { n: number; within: [number, number]; err: [number, number]; named: number; namedTcn: number }
const acc = (): Acc => ({ n: 0, within: [0, 0], err: [0, 0], named: 0, namedTcn: 0 });
const groups = { exercise: new Map<string, Acc>(), view: new Map<string, Acc>(), tempo: new Map<string, Acc>() };
const confusion = new Map<string, number>();
const rows: string[][] = [['clip', 'person', 'truth', 'engine', 'named', 'with namer', 'reference', 'tracked people']];
let falseReps: [number, number] = [0, 0], negMinutes = 0, mismatches = 0;

const clips = await renderedClips(clipNames());
for (const c of clips) {
  const byTruth = personsByTruth(c);
  for (const tp of c.truth.people) {
    const mine = byTruth.get(tp.id) ?? [];
    if (tp.role !== 'exercising') {
      // Every analysed person on a non-exerciser: reps are false; minutes over the time they were seen.
      for (const p of mine) {
        const e = engineCount(p.frames), r = referenceCount(p.frames).reps;
        falseReps = [falseReps[0] + e.reps, falseReps[1] + r];
        negMinutes += ((p.result.lastS ?? 0) - (p.result.firstS ?? 0)) / 60;
      }
      rows.push([c.name, `${tp.id} (${tp.role})`, '0', String(mine.reduce((s, p) => s + engineCount(p.frames).reps, 0)), '-', '-', String(mine.reduce((s, p) => s + referenceCount(p.frames).reps, 0)), String(mine.length)]);
      continue;
    }
    const held = tp.sets.find((x) => x.hold);
    if (held?.hold) {
      const best = mine[0];
      const e = best ? engineCount(best.frames) : { holdS: 0, holdExercise: null };
      const en = best ? engineCount(best.frames, tcn) : { holdExercise: null };
      const truthS = held.hold.end - held.hold.start;
      if (e.holdExercise === held.exercise && Math.abs(e.holdS - truthS) <= 1.5) holdsRight++;
      holdRows.push([c.name, truthS.toFixed(1), e.holdS.toFixed(1), e.holdExercise ?? '-', en.holdExercise ?? '-']);
      continue;
    }
    const truth = truthReps(c.truth, tp.id);
    const best = mine[0];
    const e = best ? engineCount(best.frames) : { reps: 0, exercise: null };
    const en = best ? engineCount(best.frames, tcn) : { reps: 0, exercise: null };
    const r = best ? referenceCount(best.frames).reps : 0;
    if (best && e.reps !== best.result.reps) mismatches++;
    const keys: [keyof typeof groups, string][] = [['exercise', c.exercise ?? truth.exercise ?? '?'], ['view', c.view ?? `${tp.viewDeg}°`], ['tempo', c.tempo ?? '-']];
    for (const [g, k] of [...keys, ['exercise', 'ALL'] as [keyof typeof groups, string], ['view', 'ALL'] as [keyof typeof groups, string], ['tempo', 'ALL'] as [keyof typeof groups, string]]) {
      const a = groups[g].get(k) ?? groups[g].set(k, acc()).get(k)!;
      a.n++;
      [e.reps, r].forEach((p, i) => {
        a.within[i]! += Math.abs(p - truth.reps) <= 1 ? 1 : 0;
        a.err[i]! += Math.abs(p - truth.reps) / truth.reps;
      });
      a.named += e.exercise === truth.exercise ? 1 : 0;
      a.namedTcn += en.exercise === truth.exercise ? 1 : 0;
    }
    const ck = `${truth.exercise} -> ${e.exercise ?? 'none'}`;
    confusion.set(ck, (confusion.get(ck) ?? 0) + 1);
    rows.push([c.name, tp.id, String(truth.reps), String(e.reps), e.exercise ?? '-', en.exercise ?? '-', String(r), String(mine.length)]);
  }
}
console.log(table(rows));
const pct = (x: number, n: number) => `${((100 * x) / Math.max(1, n)).toFixed(0)} %`;
for (const [g, m] of Object.entries(groups)) {
  console.log(`\n| ${g} | n | engine ±1 | reference ±1 | engine error | reference error | named right (rules) | named right (rules + TCN namer) |\n|---|---|---|---|---|---|---|---|`);
  for (const [k, a] of [...m].sort(([x], [y]) => Number(x === 'ALL') - Number(y === 'ALL') || x.localeCompare(y)))
    console.log(`| ${k} | ${a.n} | ${pct(a.within[0], a.n)} | ${pct(a.within[1], a.n)} | ${(a.err[0] / a.n).toFixed(3)} | ${(a.err[1] / a.n).toFixed(3)} | ${pct(a.named, a.n)} | ${pct(a.namedTcn, a.n)} |`);
}
console.log(`\nnamed (true -> engine): ${[...confusion].sort((x, y) => y[1] - x[1]).map(([k, n]) => (k.split(' -> ')[0] === k.split(' -> ')[1] ? `${k} ${n}` : `**${k} ${n}**`)).join(', ')}`);
if (holdRows.length > 1) console.log(`\n${table(holdRows)}\nholds named right and timed within 1.5 s: ${holdsRight} of ${holdRows.length - 1}`);
if (negMinutes > 0) console.log(`non-exercisers: ${negMinutes.toFixed(2)} person-min, false reps/person-min engine ${(falseReps[0] / negMinutes).toFixed(2)}, reference ${(falseReps[1] / negMinutes).toFixed(2)}`);
if (mismatches) console.log(`(note: ${mismatches} people where the engine here and analyse-video's own count differ)`);
const all = groups.exercise.get('ALL') ?? acc();
headline({ metric: 'reps within ±1 (rendered)', value: (100 * all.within[0]) / Math.max(1, all.n), unit: '%', reference: { label: 'periodic counter', value: (100 * all.within[1]) / Math.max(1, all.n) }, goal: { op: '>=', value: 95 }, note: `${all.n} exercisers in ${clips.length} clips` });
headline({ metric: 'mean rel. rep error (rendered)', value: all.err[0] / Math.max(1, all.n), unit: '', reference: { label: 'periodic counter', value: all.err[1] / Math.max(1, all.n) }, note: `${all.n} exercisers` });
headline({ metric: 'exercise named right (rendered)', value: (100 * all.named) / Math.max(1, all.n), unit: '%', note: `${all.n} exercisers, rules alone` });
headline({ metric: 'exercise named right (rendered, rules + TCN namer)', value: (100 * all.namedTcn) / Math.max(1, all.n), unit: '%', note: `${all.n} exercisers, as the server names` });
