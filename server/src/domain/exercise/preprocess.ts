/**
 * Landmark preprocessing: visibility gating, time-based smoothing, and the estimate of the x/y aspect distortion.
 *
 * Why the aspect estimate: landmarks arrive normalised to the image or to the person's box with x and y scaled
 * separately, so raw angles are distorted. Body segments are rigid: with the right x scale `s` their 2D lengths vary
 * least over time (only out-of-plane rotation changes them). The estimator searches the `s` that minimises the
 * spread of log segment lengths over recent frames, with a weak prior towards 1 when the motion says little.
 */
import { LANDMARK_COUNT } from '@gym/shared';

/** Rigid segments (landmark index pairs): upper arms, forearms, thighs, shins, flanks. */
const SEGMENTS: ReadonlyArray<readonly [number, number]> = [
  [11, 13], [12, 14], [13, 15], [14, 16], [23, 25], [24, 26], [25, 27], [26, 28], [11, 23], [12, 24],
];

export interface SmootherOptions {
  /** Landmarks with a lower visibility are treated as not seen. */
  minVisibility: number;
  /** Smoothing time constant in ms (exponential, independent of the frame rate). */
  tauMs: number;
  /** After a gap longer than this the filter restarts from the new value. */
  resetAfterMs: number;
}

/** Gated exponential smoothing of the 33 (x, y) landmarks, driven by timestamps. */
export class LandmarkSmoother {
  readonly points = new Float64Array(LANDMARK_COUNT * 2).fill(NaN);
  private readonly lastSeen = new Float64Array(LANDMARK_COUNT).fill(-Infinity);
  constructor(private readonly opts: SmootherOptions) {}

  /** `kp` is `[x, y, z, visibility][]` or a flat array `x,y,z,v,...`. Updates `points`. */
  push(t: number, kp: ArrayLike<ArrayLike<number>> | null, flat: ArrayLike<number> | null = null): void {
    const { minVisibility, tauMs, resetAfterMs } = this.opts;
    const pts = this.points;
    for (let i = 0; i < LANDMARK_COUNT; i++) {
      let x: number, y: number, v: number;
      if (flat) {
        x = flat[4 * i]!; y = flat[4 * i + 1]!; v = flat[4 * i + 3]!;
      } else {
        const p = kp![i]!;
        x = p[0]!; y = p[1]!; v = p[3]!;
      }
      if (!(v >= minVisibility)) {
        // Not seen: keep the last value for a short while, then forget it.
        if (t - this.lastSeen[i]! > resetAfterMs) { pts[2 * i] = NaN; pts[2 * i + 1] = NaN; }
        continue;
      }
      const dt = t - this.lastSeen[i]!;
      const px = pts[2 * i]!;
      if (dt > resetAfterMs || dt <= 0 || px !== px) {
        pts[2 * i] = x; pts[2 * i + 1] = y;
      } else {
        const a = 1 - Math.exp(-dt / tauMs);
        pts[2 * i] = px + a * (x - px);
        pts[2 * i + 1] = pts[2 * i + 1]! + a * (y - pts[2 * i + 1]!);
      }
      this.lastSeen[i] = t;
    }
  }

  /** Marks every landmark stale (person left the view). */
  clear(): void {
    this.points.fill(NaN);
    this.lastSeen.fill(-Infinity);
  }
}

const LOG_LO = Math.log(0.2), LOG_HI = Math.log(5), COARSE = 9;

/**
 * Estimates the factor to multiply x by so that the skeleton has undistorted proportions.
 * Feed it frames (it samples them into a ring), call `estimate()` now and then.
 */
export class AspectEstimator {
  private readonly cap: number;
  private readonly dx: Float64Array;
  private readonly dy: Float64Array;
  private n = 0;
  private head = 0;
  scale = 1;
  /** 0..1: how strongly the motion constrained the estimate. */
  confidence = 0;

  constructor(capacity = 120) {
    this.cap = capacity;
    this.dx = new Float64Array(capacity * SEGMENTS.length);
    this.dy = new Float64Array(capacity * SEGMENTS.length);
  }

  /** Adds one frame of raw (unscaled) points. */
  add(points: Float64Array): void {
    const base = this.head * SEGMENTS.length;
    for (let s = 0; s < SEGMENTS.length; s++) {
      const [a, b] = SEGMENTS[s]!;
      this.dx[base + s] = points[2 * a]! - points[2 * b]!;
      this.dy[base + s] = points[2 * a + 1]! - points[2 * b + 1]!;
    }
    this.head = (this.head + 1) % this.cap;
    if (this.n < this.cap) this.n++;
  }

  get samples(): number {
    return this.n;
  }

  /** Mean over segments of the variance of log length across the sampled frames, for x scale e^ls. */
  private cost(ls: number): number {
    const S = SEGMENTS.length;
    const s2 = Math.exp(2 * ls);
    let total = 0, used = 0;
    for (let k = 0; k < S; k++) {
      let sum = 0, sum2 = 0, cnt = 0;
      for (let i = 0; i < this.n; i++) {
        const dx = this.dx[i * S + k]!, dy = this.dy[i * S + k]!;
        const l2 = s2 * dx * dx + dy * dy;
        if (!(l2 > 1e-12)) continue;
        const ll = 0.5 * Math.log(l2);
        sum += ll; sum2 += ll * ll; cnt++;
      }
      if (cnt < 8) continue;
      const m = sum / cnt;
      total += sum2 / cnt - m * m;
      used++;
    }
    return used ? total / used : NaN;
  }

  /** Re-estimates `scale` from the sampled frames (coarse grid, then golden-section search); returns it. */
  estimate(): number {
    if (this.n < 20) return this.scale;
    const step = (LOG_HI - LOG_LO) / (COARSE - 1);
    let bestI = 0, bestC = Infinity, worstC = 0;
    for (let g = 0; g < COARSE; g++) {
      const c = this.cost(LOG_LO + step * g);
      if (c !== c) return this.scale;
      if (c < bestC) { bestC = c; bestI = g; }
      if (c > worstC) worstC = c;
    }
    let a = LOG_LO + step * Math.max(0, bestI - 1), b = LOG_LO + step * Math.min(COARSE - 1, bestI + 1);
    const gr = (Math.sqrt(5) - 1) / 2;
    let x1 = b - gr * (b - a), x2 = a + gr * (b - a);
    let f1 = this.cost(x1), f2 = this.cost(x2);
    for (let it = 0; it < 12; it++) {
      if (f1 < f2) { b = x2; x2 = x1; f2 = f1; x1 = b - gr * (b - a); f1 = this.cost(x1); }
      else { a = x1; x1 = x2; f1 = f2; x2 = a + gr * (b - a); f2 = this.cost(x2); }
    }
    const best = (a + b) / 2;
    const minC = Math.min(bestC, f1, f2);
    // Confidence: how much deeper the minimum is than the worst scale tried.
    this.confidence = worstC > 0 ? Math.min(1, (worstC - minC) / (worstC + 1e-9)) : 0;
    if (this.confidence > 0.3) this.scale = Math.exp(best);
    return this.scale;
  }
}
