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
/** A first swing this many times a later fall is a setup (see `rebase`). */
const REBASE_SWING = 2.5;
/** Counted swings the typical swing is the median of. */
const AMPS = 7;
/** Reps whose feature copies share one buffer (a typed array of its own per copy costs a backing-store allocation). */
const REPS_PER_SLAB = 16;
/** `restF` / `farF` of the reps of a counter that keeps no feature vectors (length 0, so nothing to write). */
const NO_FEATURES = new Float64Array(0);

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
  /** The last AMPS counted swings, oldest first, and the same sorted (for the median). */
  private readonly amps: number[] = [];
  private readonly ampsSorted: number[] = [];
  private readonly sign: number;
  private readonly valleyF: Float64Array;
  private readonly peakF: Float64Array;
  private readonly runMinF: Float64Array;
  private readonly featureCount: number;
  /** Storage for the counted reps' feature copies (`restF` / `farF` are views of it), and its first free element. */
  private slab: Float64Array = new Float64Array(0);
  private slabAt = 0;
  /** Reps counted since the last `takeReps` / `clear`. */
  reps: CountedRep[] = [];
  total = 0;
  /** Changes whenever `reps` changes (lets callers cache what they derive from it). */
  version = 0;

  /**
   * `featureCount`: length of the feature vectors passed to `push`, copied at the rest and far ends of each rep
   * (`restF` / `farF`). 0 for a counter whose reps are only counted and timed: nothing is copied, and `restF` /
   * `farF` are empty.
   */
  constructor(readonly spec: CounterSpec, featureCount: number) {
    this.sign = spec.rest === 'high' ? -1 : 1;
    this.valleyF = new Float64Array(featureCount);
    this.peakF = new Float64Array(featureCount);
    this.runMinF = new Float64Array(featureCount);
    this.featureCount = featureCount;
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
        if (v < this.runMin) { this.runMin = v; this.runMinT = t; this.snap(this.runMinF, features); }
        else if (v < this.runMin + d * 0.25) this.runMinT = t;
        if (v > this.runMin + d) this.startRep(v, t, features);
        return null;
      case 'rising':
        if (v > this.peak) { this.peak = v; this.peakT = t; this.snap(this.peakF, features); }
        if (v < this.valley) { this.valley = v; this.valleyT = t; this.snap(this.valleyF, features); this.peak = v; this.peakT = t; this.snap(this.peakF, features); }
        if (v < this.peak - d) {
          this.state = 'falling';
          this.completed = false;
          this.runMin = v; this.runMinT = t; this.snap(this.runMinF, features);
        }
        return null;
      case 'falling': {
        if (v < this.runMin) { this.runMin = v; this.runMinT = t; this.snap(this.runMinF, features); }
        else if (v < this.runMin + d * 0.25) this.runMinT = t;
        let rep: CountedRep | null = null;
        const amp = this.peak - this.valley;
        if (!this.completed && v <= this.valley + amp * RETURN_FRACTION) {
          this.completed = true;
          rep = this.tryCount(t, amp);
        }
        if (v > this.runMin + d) {
          if (this.completed) this.startRep(v, t, features);
          else if (this.rebase()) { rep = this.rebased; this.startRep(v, t, features); }
          else if (v > this.peak) { this.state = 'rising'; this.peak = v; this.peakT = t; this.snap(this.peakF, features); }
          else this.state = 'rising';
        }
        return rep;
      }
    }
  }

  /**
   * The signal turned back up before returning to its rest level, after a fall of a rep's size from a swing far
   * larger than that: the first swing was getting into position (the hands raised from hanging to the shoulders
   * before a set of presses), and the rest level is where it fell to. The fall counts as a rep (starting as long
   * before the peak as it took to fall; the rising half was not seen apart from the setup) and the next rep starts
   * from there. A bounce at the bottom (a small fall) does not qualify.
   */
  private rebase(): boolean {
    const drop = this.peak - this.runMin, swing = this.peak - this.valley;
    if (drop < this.spec.minRange || swing < REBASE_SWING * drop) return false;
    if (this.amps.length && drop < this.typical * 0.4) return false;
    this.valleyT = Math.max(this.valleyT, 2 * this.peakT - this.runMinT);
    this.valley = this.runMin; this.snap(this.valleyF, this.runMinF);
    this.rebased = this.tryCount(this.runMinT, drop);
    return true;
  }
  /** The rep `rebase` counted (null when the fall was too quick or too slow to be one). */
  private rebased: CountedRep | null = null;

  /** Keeps a copy of the features at an extreme (nothing to do when the reps carry no feature vectors). */
  private snap(dst: Float64Array, src: Float64Array): void {
    if (this.featureCount !== 0) dst.set(src);
  }

  private startRep(v: number, t: number, features: Float64Array): void {
    this.state = 'rising';
    this.valley = this.runMin; this.valleyT = this.runMinT; this.snap(this.valleyF, this.runMinF);
    this.peak = v; this.peakT = t; this.snap(this.peakF, features);
  }

  private tryCount(t: number, amp: number): CountedRep | null {
    const { minRange, minPeriodMs, maxPeriodMs } = this.spec;
    const dur = t - this.valleyT;
    if (amp < minRange || dur < minPeriodMs || dur > maxPeriodMs || t - this.lastCountT < minPeriodMs * 0.8) return null;
    // A swing far smaller than this person's usual rep is a wobble, not a rep.
    if (this.amps.length >= 3 && amp < this.typical * 0.4) return null;
    this.addAmp(amp);
    this.typical = this.ampsSorted[this.ampsSorted.length >> 1]!;
    this.updateDelta();
    this.lastCountT = t;
    const rep: CountedRep = {
      startT: this.valleyT, farT: this.peakT, endT: t, amplitude: amp,
      restF: this.copyFeatures(this.valleyF), farF: this.copyFeatures(this.peakF),
    };
    this.reps.push(rep);
    this.total++;
    this.version++;
    return rep;
  }

  /** Appends a counted swing to the window of the last AMPS, keeping `ampsSorted` in order (no allocation). */
  private addAmp(amp: number): void {
    const sorted = this.ampsSorted;
    if (this.amps.length === AMPS) {
      const old = this.amps.shift()!;
      let j = 0;
      while (j < sorted.length - 1 && sorted[j] !== old && !(old !== old && sorted[j] !== sorted[j])) j++;
      sorted.splice(j, 1);
    }
    this.amps.push(amp);
    let i = sorted.length;
    while (i > 0 && sorted[i - 1]! > amp) i--;
    sorted.splice(i, 0, amp);
  }

  /**
   * A copy of a feature vector for a counted rep: a view of a slab shared by the next REPS_PER_SLAB reps, so that
   * counting a rep allocates no backing store of its own (they were most of this counter's cost, and of the GC's).
   * A slab is never written again once a view of it is handed out.
   */
  private copyFeatures(f: Float64Array): Float64Array {
    const n = this.featureCount;
    if (n === 0) return NO_FEATURES;
    if (this.slabAt + n > this.slab.length) {
      this.slab = new Float64Array(n * 2 * REPS_PER_SLAB);
      this.slabAt = 0;
    }
    const out = this.slab.subarray(this.slabAt, this.slabAt + n);
    out.set(f);
    this.slabAt += n;
    return out;
  }

  /** Takes back the rep just counted (it came from something that is not an exercise, e.g. walking). */
  reject(rep: CountedRep): void {
    const i = this.reps.lastIndexOf(rep);
    if (i < 0) return;
    this.reps.splice(i, 1);
    this.total--;
    this.version++;
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
    this.ampsSorted.length = 0;
    this.typical = 0;
    this.updateDelta();
    this.lastCountT = -Infinity;
    this.runMin = Infinity;
    this.valley = Infinity;
    this.peak = -Infinity;
    this.completed = false;
  }
}
