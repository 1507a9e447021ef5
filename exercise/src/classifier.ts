/**
 * Scores how well a set of reps matches each catalogue exercise. Every condition is soft (a sigmoid edge), a
 * clause with alternatives takes its best alternative, and the score is the weighted geometric mean times the
 * square root of the worst clause, so one clearly failed condition sinks an exercise while small misses only
 * lower its confidence.
 */
import type { Clause, Condition, Exercise } from './catalogue.schema.ts';
import { F } from './features.ts';
import type { CountedRep } from './rep-counter.ts';

/** Per-rep values a condition can read. `min` / `max` are only known for live reps (form rules). */
export interface RepView {
  rest: Float64Array;
  far: Float64Array;
  min?: Float64Array;
  max?: Float64Array;
}

export function statValue(rep: RepView, feature: string, stat: string): number {
  const i = F[feature as keyof typeof F]!;
  switch (stat) {
    case 'rest': return rep.rest[i]!;
    case 'far': return rep.far[i]!;
    case 'amp': return Math.abs(rep.far[i]! - rep.rest[i]!);
    case 'min': return rep.min ? rep.min[i]! : NaN;
    case 'max': return rep.max ? rep.max[i]! : NaN;
    case 'range': return rep.min && rep.max ? rep.max[i]! - rep.min[i]! : NaN;
    default: return NaN;
  }
}

export function conditionValue(rep: RepView, c: Condition): number {
  const v = statValue(rep, c.feature, c.stat);
  if (!c.per) return v;
  const d = statValue(rep, c.per.feature, c.per.stat);
  return d === 0 ? (v === 0 ? 1 : Infinity) : v / Math.abs(d);
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Degree (0..1) to which a condition holds; NaN when the value is unknown. */
export function conditionScore(rep: RepView, c: Condition): number {
  const v = conditionValue(rep, c);
  if (v !== v) return NaN;
  let s = 1;
  if (c.min !== undefined) s *= sigmoid((v - c.min) / (c.soft ?? Math.max(0.05, Math.abs(c.min) * 0.1)) * 2.2);
  if (c.max !== undefined) s *= sigmoid((c.max - v) / (c.soft ?? Math.max(0.05, Math.abs(c.max) * 0.1)) * 2.2);
  return s;
}

function clauseScore(rep: RepView, cl: Clause): { s: number; w: number } {
  if ('anyOf' in cl) {
    let best = NaN;
    for (const alt of cl.anyOf) {
      let prod = 1, known = false;
      for (const c of alt) {
        const s = conditionScore(rep, c);
        if (s === s) { prod *= s; known = true; }
      }
      if (known && !(prod <= best)) best = prod;
    }
    return { s: best, w: 1 };
  }
  return { s: conditionScore(rep, cl), w: cl.weight };
}

/**
 * Mean rest/far feature vectors of the most recent reps (NaN-aware). Written into `into` when given and of the
 * right length (a caller that only reads the view before the next call saves two allocations), else new arrays.
 * With `only` (feature indices, e.g. `recogniseFeatures(ex)` for `scoreExercise(ex, ·)`), just those features are
 * computed (the same values as without it) and the others are NaN.
 */
export function meanRepView(reps: readonly CountedRep[], last = 8, into?: { rest: Float64Array; far: Float64Array }, only?: readonly number[]): RepView {
  const from = Math.max(0, reps.length - last);
  const n = reps[0]?.restF.length ?? 0;
  const reuse = into !== undefined && into.rest.length === n && into.far.length === n;
  const rest = reuse ? into.rest : new Float64Array(n), far = reuse ? into.far : new Float64Array(n);
  if (countScratch.length < 2 * n) countScratch = new Uint32Array(2 * n);
  const counts = countScratch;
  const idx = only ?? allIndices(n);
  const m = idx.length;
  if (only) { rest.fill(NaN, 0, n); far.fill(NaN, 0, n); }
  for (let j = 0; j < m; j++) {
    const i = idx[j]!;
    if (i >= n) continue;
    rest[i] = 0; far[i] = 0; counts[2 * i] = 0; counts[2 * i + 1] = 0;
  }
  // Rep by rep (each rep's vectors read in order); every feature's sum still adds its values oldest rep first.
  for (let k = from; k < reps.length; k++) {
    const rf = reps[k]!.restF, ff = reps[k]!.farF;
    for (let j = 0; j < m; j++) {
      const i = idx[j]!;
      if (i >= n) continue;
      const r = rf[i]!, f = ff[i]!;
      if (r === r) { rest[i]! += r; counts[2 * i]!++; }
      if (f === f) { far[i]! += f; counts[2 * i + 1]!++; }
    }
  }
  for (let j = 0; j < m; j++) {
    const i = idx[j]!;
    if (i >= n) continue;
    const cr = counts[2 * i]!, cf = counts[2 * i + 1]!;
    rest[i] = cr ? rest[i]! / cr : NaN;
    far[i] = cf ? far[i]! / cf : NaN;
  }
  return { rest, far };
}

/** 0, 1, …, n-1 (cached per n). */
function allIndices(n: number): readonly number[] {
  let a = allIndexCache.get(n);
  if (!a) allIndexCache.set(n, (a = Array.from({ length: n }, (_, i) => i)));
  return a;
}
const allIndexCache = new Map<number, readonly number[]>();

/** Indices of the features an exercise's recognition clauses read: all `scoreExercise` needs of a rep view. */
export function recogniseFeatures(ex: Exercise): number[] {
  const out = new Set<number>();
  const add = (c: Condition) => {
    out.add(F[c.feature]);
    if (c.per) out.add(F[c.per.feature]);
  };
  for (const cl of ex.recognise) {
    if ('anyOf' in cl) for (const alt of cl.anyOf) for (const c of alt) add(c);
    else add(cl);
  }
  return [...out].sort((a, b) => a - b);
}

let countScratch = new Uint32Array(0);

/**
 * 0..1 match of the reps with an exercise's recognition clauses: the weighted geometric mean, times the square
 * root of the worst clause (so one clearly failed clause sinks the exercise however many others hold).
 */
export function scoreExercise(ex: Exercise, view: RepView): number {
  let logSum = 0, wSum = 0, worst = 1;
  for (const cl of ex.recognise) {
    const { s, w } = clauseScore(view, cl);
    if (s !== s) continue; // unknown (landmarks not seen): neither for nor against
    logSum += w * Math.log(Math.max(s, 1e-4));
    wSum += w;
    if (s < worst) worst = s;
  }
  return wSum ? Math.exp(logSum / wSum) * Math.sqrt(worst) : 0;
}

/** Whether every condition of a form rule holds for a rep (unknown values never fire a rule). */
export function formRuleFires(when: readonly Condition[], rep: RepView): boolean {
  for (const c of when) {
    const v = conditionValue(rep, c);
    if (v !== v) return false;
    if (c.min !== undefined && !(v >= c.min)) return false;
    if (c.max !== undefined && !(v <= c.max)) return false;
  }
  return true;
}
