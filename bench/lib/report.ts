/**
 * Headline results of a bench, for the one table `make bench` prints at the end (scripts/bench-all.mjs).
 * A bench prints its own detailed table as before and calls `headline()` for the few numbers a reader
 * needs: the value, the reference measured in the same run, and the goal. Each call prints one tagged JSON
 * line that bench-all collects; run alone, the line is still readable.
 */
export const HEADLINE_TAG = '@@bench-headline ';

export interface Headline {
  /** What is measured, e.g. `reps within ±1 (generated, held out)`. */
  metric: string;
  value: number;
  unit: string;
  /** The same quantity for the reference method in the same run, where there is one. */
  reference?: { label: string; value: number };
  /** The goal as a bound, e.g. `>= 5` frames/s; omitted where the issue states none. */
  goal?: { op: '>=' | '<=' ; value: number };
  /** Free text shown after the row (conditions, sample size). */
  note?: string;
}

export function headline(h: Headline): void {
  const bench = (process.argv[1] ?? '').split('/').pop()?.replace(/\.bench\.ts$/, '') ?? 'bench';
  process.stdout.write(`${HEADLINE_TAG}${JSON.stringify({ bench, ...h })}\n`);
}

/** Whether a value meets its goal; null where there is no goal or the value is not a number. */
export function meetsGoal(value: number, goal: Headline['goal']): boolean | null {
  if (!goal || !Number.isFinite(value)) return null;
  return goal.op === '>=' ? value >= goal.value : value <= goal.value;
}
