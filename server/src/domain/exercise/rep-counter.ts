/**
 * Counts repetitions of one signal with adaptive hysteresis.
 *
 * The signal is oriented so that the rest position is low and the far end of the movement high. A rep is
 * rest (valley) -> far end (peak) -> back towards rest. Extremes are confirmed only after the signal has turned by
 * `delta`, which adapts to the person's typical swing (so noise, x/y distortion and a person's own range do not
 * matter), and a rep counts when the signal is back within 40% of its swing from the rest end, having swung at
 * least `minRange` and lasted at least `minPeriodMs`. A bounce at the bottom does not restart the rep.
 */

export interface CounterSpec {
  rest: 'high' | 'low';
  minRange: number;
  fullRange: number;
  minPeriodMs: number;
  maxPeriodMs: number;
}

export interface CountedRep {
  startT: number;
  farT: number;
  endT: number;
  /** Swing in the signal's units. */
  amplitude: number;
  /** Feature vectors at the rest and far ends (copies). */
  restF: Float64Array;
  farF: Float64Array;
  /** Not seen: inferred from the rhythm across a stretch where the person was not visible. */
  inferred?: boolean;
}

const RETURN_FRACTION = 0.4;

export class RepCounter {
  private state: 'seekStart' | 'rising' | 'falling' = 'seekStart';
  private valley = Infinity;
  private valleyT = 0;
  private peak = -Infinity;
  private peakT = 0;
  private runMin = Infinity;
  private runMinT = 0;
  private completed = false;
  private lastCountT = -Infinity;
  private readonly amps: number[] = [];
  private readonly sign: number;
  private readonly valleyF: Float64Array;
  private readonly peakF: Float64Array;
  private readonly runMinF: Float64Array;
  /** Reps counted since the last `takeReps` / `clear`. */
  reps: CountedRep[] = [];
  total = 0;
  /** Changes whenever `reps` changes (lets callers cache what they derive from it). */
  version = 0;

  constructor(readonly spec: CounterSpec, featureCount: number) {
    this.sign = spec.rest === 'high' ? -1 : 1;
    this.valleyF = new Float64Array(featureCount);
    this.peakF = new Float64Array(featureCount);
    this.runMinF = new Float64Array(featureCount);
    this.updateDelta();
  }

  /** Median of the recent counted swings (0 before the first rep). */
  private typical = 0;

  /** Turn needed to confirm an extreme: a quarter of the typical swing, at least 30% of the smallest rep. */
  private d = 0;

  private updateDelta(): void {
    const typical = this.typical || this.spec.minRange * 1.5;
    this.d = Math.max(this.spec.minRange * 0.3, typical * 0.25);
  }

  /** Feeds one sample; returns the rep completed at this sample, if any. */
  push(t: number, raw: number, features: Float64Array): CountedRep | null {
    if (raw !== raw) return null;
    const v = this.sign * raw;
    const d = this.d;
    switch (this.state) {
      case 'seekStart':
        // The rep starts when the signal leaves its rest level: keep the latest time it was there.
        if (v < this.runMin) { this.runMin = v; this.runMinT = t; this.runMinF.set(features); }
        else if (v < this.runMin + d * 0.25) this.runMinT = t;
        if (v > this.runMin + d) this.startRep(v, t, features);
        return null;
      case 'rising':
        if (v > this.peak) { this.peak = v; this.peakT = t; this.peakF.set(features); }
        if (v < this.valley) { this.valley = v; this.valleyT = t; this.valleyF.set(features); this.peak = v; this.peakT = t; this.peakF.set(features); }
        if (v < this.peak - d) {
          this.state = 'falling';
          this.completed = false;
          this.runMin = v; this.runMinT = t; this.runMinF.set(features);
        }
        return null;
      case 'falling': {
        if (v < this.runMin) { this.runMin = v; this.runMinT = t; this.runMinF.set(features); }
        else if (v < this.runMin + d * 0.25) this.runMinT = t;
        let rep: CountedRep | null = null;
        const amp = this.peak - this.valley;
        if (!this.completed && v <= this.valley + amp * RETURN_FRACTION) {
          this.completed = true;
          rep = this.tryCount(t, amp);
        }
        if (v > this.runMin + d) {
          if (this.completed) this.startRep(v, t, features);
          else if (v > this.peak) { this.state = 'rising'; this.peak = v; this.peakT = t; this.peakF.set(features); }
          else this.state = 'rising';
        }
        return rep;
      }
    }
  }

  private startRep(v: number, t: number, features: Float64Array): void {
    this.state = 'rising';
    this.valley = this.runMin; this.valleyT = this.runMinT; this.valleyF.set(this.runMinF);
    this.peak = v; this.peakT = t; this.peakF.set(features);
  }

  private tryCount(t: number, amp: number): CountedRep | null {
    const { minRange, minPeriodMs, maxPeriodMs } = this.spec;
    const dur = t - this.valleyT;
    if (amp < minRange || dur < minPeriodMs || dur > maxPeriodMs || t - this.lastCountT < minPeriodMs * 0.8) return null;
    // A swing far smaller than this person's usual rep is a wobble, not a rep.
    if (this.amps.length >= 3 && amp < this.typical * 0.4) return null;
    this.amps.push(amp);
    if (this.amps.length > 7) this.amps.shift();
    const sorted = this.amps.slice().sort((x, y) => x - y);
    this.typical = sorted[sorted.length >> 1]!;
    this.updateDelta();
    this.lastCountT = t;
    const rep: CountedRep = {
      startT: this.valleyT, farT: this.peakT, endT: t, amplitude: amp,
      // slice(), not Float64Array.from: the latter goes through the iterator protocol and was this file's hot spot.
      restF: this.valleyF.slice(), farF: this.peakF.slice(),
    };
    this.reps.push(rep);
    this.total++;
    this.version++;
    return rep;
  }

  /** Forgets counted reps older than `before` (keeps the movement state). */
  prune(before: number): void {
    let i = 0;
    while (i < this.reps.length && this.reps[i]!.endT < before) i++;
    if (i) { this.reps.splice(0, i); this.version++; }
  }

  clearReps(): void {
    if (this.reps.length) this.version++;
    this.reps = [];
  }

  /** Starts over (after a long absence). */
  reset(): void {
    this.state = 'seekStart';
    this.amps.length = 0;
    this.typical = 0;
    this.updateDelta();
    this.lastCountT = -Infinity;
    this.runMin = Infinity;
    this.valley = Infinity;
    this.peak = -Infinity;
    this.completed = false;
  }
}
