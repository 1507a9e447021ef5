/**
 * Landmark preprocessing: visibility gating, time-based smoothing, and the estimate of the x/y aspect distortion.
 *
 * Why the aspect estimate: landmarks arrive normalised to the image or to the person's box with x and y scaled
 * separately, so raw angles are distorted. Body segments are rigid: with the right x scale `s` their 2D lengths vary
 * least over time (only out-of-plane rotation changes them). The estimator searches the `s` that minimises the
 * spread of log segment lengths over recent frames, with a weak prior towards 1 when the motion says little.
 */
import { LANDMARK_COUNT } from '@gym/shared';

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
    // Landmarks seen in the same frames share their dt, hence the filter gain: one exp for all of them.
    let gainDt = NaN, gain = 0;
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
        if (dt !== gainDt) { gainDt = dt; gain = 1 - Math.exp(-dt / tauMs); }
        const a = gain;
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

/**
 * Estimates the factor to multiply x by so that the skeleton has undistorted proportions.
 *
 * Shoulders and hips are never wider than about 0.85 torso lengths, nor a foot longer than 0.6, whatever way the
 * person faces (the foot gives the bound for side views, where shoulders overlap); in frames where
 * the person stands upright (torso vertical, knees below hips, ankles below knees) the torso's image length is
 * all in y and so not distorted, which bounds the x scale from above. The estimate is the 10th percentile of that
 * bound over recent upright frames, and never above 1: a recording squashed in x (16:9 image coordinates) keeps
 * its scale, one stretched in x (a narrow person box scaled to a square) is corrected. Motion alone cannot tell
 * foreshortening from distortion (tried: rigid segment lengths and their direction envelopes both mistook
 * oblique views for distortion), so the estimate relies on this anatomical bound only.
 */
export class AspectEstimator {
  private readonly bounds: Float64Array;
  private n = 0;
  private head = 0;
  scale = 1;

  constructor(private readonly capacity = 128) {
    this.bounds = new Float64Array(capacity);
  }

  /** Adds one frame of raw (unscaled) points. */
  add(points: Float64Array): void {
    const tdx = (points[22]! + points[24]! - points[46]! - points[48]!) / 2;
    const tdy = (points[23]! + points[25]! - points[47]! - points[49]!) / 2;
    if (!(tdy < 0)) return;
    const hipY = (points[47]! + points[49]!) / 2, kneeY = (points[51]! + points[53]!) / 2, ankleY = (points[55]! + points[57]!) / 2;
    const standing = kneeY - hipY > 0.5 * -tdy && ankleY - kneeY > 0.5 * -tdy;
    if (!standing || !(Math.abs(tdx) < 0.15 * -tdy)) return;
    // Widths scaled to the shoulders' limit: hips <= 0.53 and a foot (heel to toe, level when standing, seen
    // whole from the side) <= 0.6 torso lengths.
    const foot = Math.max(Math.abs(points[58]! - points[62]!), Math.abs(points[60]! - points[64]!));
    const w = Math.max(Math.abs(points[22]! - points[24]!), Math.abs(points[46]! - points[48]!) * 1.6, (foot === foot ? foot : 0) * (0.85 / 0.6));
    if (!(w > 0)) return;
    this.bounds[this.head] = (0.85 * -tdy) / w;
    this.head = (this.head + 1) % this.capacity;
    if (this.n < this.capacity) this.n++;
  }

  get samples(): number {
    return this.n;
  }

  /** Re-estimates `scale` from the upright frames seen; returns it. */
  estimate(): number {
    if (this.n < 10) return this.scale;
    // A typed array sorts numerically without a comparator (the bounds are positive and finite, so the order is
    // the same as a comparator sort's), and without boxing the values into an Array.
    const sorted = this.bounds.slice(0, this.n).sort();
    this.scale = Math.min(1, sorted[Math.floor(this.n * 0.1)]!);
    return this.scale;
  }
}
