/**
 * A timed hold (plank, wall-sit): the exercise's recognise clauses scored on the posture now (features smoothed
 * over ~0.5 s, read as both the rest and the far end), and the body held still: the clause features may not
 * drift more than a stillness limit from where the hold began. On after the posture holds; off after it has
 * been left for a second.
 */
import type { Exercise } from './catalogue.schema.ts';
import { recogniseFeatures, scoreExercise } from './classifier.ts';
import { FEATURE_COUNT, FEATURES } from './features.ts';

const TAU_MS = 500;
const LEAVE_MS = 1000;
/** After a hold is first matched, how long the anchor posture follows the smoothed one (about 2 × TAU_MS). */
const SETTLE_MS = 1000;
/** How far a held posture may drift (degrees for angles, torso lengths / ratios otherwise). */
const still = (i: number): number => (/^(elbow|knee|hip|shoulder|torso|neck|body)/.test(FEATURES[i]!) ? 25 : 0.35);

export class HoldDetector {
  private readonly ema = new Float64Array(FEATURE_COUNT).fill(NaN);
  private readonly anchor = new Float64Array(FEATURE_COUNT).fill(NaN);
  private readonly idx: readonly number[];
  private readonly view = { rest: this.ema, far: this.ema };
  private prevT = -Infinity;
  private lastGoodT = -Infinity;
  private scoreSum = 0;
  private scoreN = 0;
  on = false;
  startT = 0;
  lastT = 0;
  readonly minMs: number;

  constructor(readonly exercise: Exercise, private readonly threshold: number) {
    this.idx = recogniseFeatures(exercise);
    this.minMs = exercise.hold?.minMs ?? 5000;
  }

  get meanScore(): number {
    return this.scoreN ? this.scoreSum / this.scoreN : 0;
  }

  reset(): void {
    this.on = false;
    this.ema.fill(NaN);
    this.scoreSum = 0;
    this.scoreN = 0;
  }

  push(t: number, f: Float64Array): void {
    if (t - this.prevT > 3000) this.reset();
    const a = 1 - Math.exp(-(t - this.prevT) / TAU_MS);
    this.prevT = t;
    for (const i of this.idx) {
      const v = f[i]!;
      if (v !== v) continue;
      const e = this.ema[i]!;
      this.ema[i] = e === e ? e + a * (v - e) : v;
    }
    const score = scoreExercise(this.exercise, this.view);
    let good = score >= this.threshold;
    if (good && this.on) {
      // The smoothed posture is still settling for a moment after it first matches: the anchor follows it then,
      // so getting into position does not read as leaving it.
      if (t - this.startT < SETTLE_MS) this.anchor.set(this.ema);
      else for (const i of this.idx) if (Math.abs(this.ema[i]! - this.anchor[i]!) > still(i)) good = false;
    }
    if (good) {
      if (!this.on) {
        this.on = true;
        this.startT = t;
        this.anchor.set(this.ema);
        this.scoreSum = 0;
        this.scoreN = 0;
      }
      this.lastGoodT = t;
      this.lastT = t;
      this.scoreSum += score;
      this.scoreN++;
    } else if (this.on && t - this.lastGoodT > LEAVE_MS) this.on = false;
  }
}
