/**
 * Where the body is on the floor, frame by frame, so that a "rep" made while travelling can be refused: a person
 * walking swings knees, hips and arms as regularly as any exercise, but an exercise starts and ends each rep in
 * the same place, while a walker's rest-to-rest positions are a step or more apart. Measured from the hip centre
 * (sideways), the lower foot (up/down in the image: walking towards or away from the camera moves the feet) and
 * the body's size in the image (coming closer makes it grow), all relative to the person's torso length.
 */

const N = 1024;
/** How long the torso must have been upright before its image length counts as the body's size. */
const SETTLE_MS = 300;

export interface TravelLimits {
  /** Hip centre moved sideways between the rep's rest ends, torso lengths. */
  hipX: number;
  /** Lower foot moved up/down in the image, torso lengths (walking towards or away: only with a size change). */
  footY: number;
  /** |ln(size ratio)| of the torso between the rep's ends. */
  scale: number;
}

export const TRAVEL_LIMITS: TravelLimits = { hipX: 0.6, footY: 0.4, scale: 0.2 };

export class TravelTracker {
  private readonly t = new Float64Array(N);
  private readonly hx = new Float64Array(N);
  private readonly fy = new Float64Array(N);
  private readonly len = new Float64Array(N);
  private readonly up = new Uint8Array(N);
  private head = 0;
  private n = 0;
  private lenEma = NaN;
  private lastT = -Infinity;
  /** Since when the torso has been upright (its smoothed length lags a lean by a few frames). */
  private uprightSince = Infinity;

  clear(): void {
    this.n = 0;
    this.lenEma = NaN;
    this.uprightSince = Infinity;
  }

  /**
   * One frame: hip centre x, lower-foot y and torso length in the same (aspect-corrected) image units, and
   * whether the torso is upright (its image length is then a measure of the body's size, not of its lean).
   */
  push(t: number, hipX: number, footY: number, torso: number, upright: boolean): void {
    if (torso === torso && torso > 1e-6) {
      const a = this.lenEma === this.lenEma ? 1 - Math.exp(-(t - this.lastT) / 100) : 1;
      this.lenEma = this.lenEma === this.lenEma ? this.lenEma + a * (torso - this.lenEma) : torso;
    }
    this.lastT = t;
    if (!upright) this.uprightSince = Infinity;
    else if (this.uprightSince === Infinity) this.uprightSince = t;
    if (!(hipX === hipX && this.lenEma === this.lenEma)) return;
    const i = this.head;
    // A size is only read once the torso has stood upright for a moment (a swing or a hinge that just came up
    // still has the leaning, foreshortened length in its smoothed value).
    const settled = upright && t - this.uprightSince >= SETTLE_MS;
    this.t[i] = t; this.hx[i] = hipX; this.fy[i] = footY; this.len[i] = this.lenEma; this.up[i] = settled ? 1 : 0;
    this.head = (i + 1) % N;
    if (this.n < N) this.n++;
  }

  /** Index of the stored frame nearest to time `t` (-1 when none). */
  private at(t: number): number {
    let best = -1, bestD = Infinity;
    for (let k = 0; k < this.n; k++) {
      const i = (this.head - 1 - k + N) % N;
      const d = Math.abs(this.t[i]! - t);
      if (d < bestD) { bestD = d; best = i; }
      if (this.t[i]! < t - 1000) break;
    }
    return bestD <= 500 ? best : -1;
  }

  /**
   * How far the body travelled between two moments, per measure, and the largest excursion from the start in
   * between (null when either end is unknown).
   */
  between(t0: number, t1: number): { net: TravelLimits; excursion: TravelLimits } | null {
    const a = this.at(t0), b = this.at(t1);
    if (a < 0 || b < 0) return null;
    const L = (this.len[a]! + this.len[b]!) / 2;
    const x0 = this.hx[a]!, f0 = this.fy[a]!, l0 = this.len[a]!;
    // Size only compares upright ends: a torso leaning towards the camera looks shorter without coming closer.
    const sized = this.up[a]! && this.up[b]!;
    const net = { hipX: Math.abs(this.hx[b]! - x0) / L, footY: delta(this.fy[b]!, f0) / L, scale: sized ? Math.abs(Math.log(this.len[b]! / l0)) : 0 };
    const exc = { hipX: 0, footY: 0, scale: 0 };
    for (let i = a; ; i = (i + 1) % N) {
      exc.hipX = Math.max(exc.hipX, Math.abs(this.hx[i]! - x0) / L);
      exc.footY = Math.max(exc.footY, delta(this.fy[i]!, f0) / L);
      if (this.up[i]) exc.scale = Math.max(exc.scale, Math.abs(Math.log(this.len[i]! / l0)));
      if (i === b) break;
    }
    return { net, excursion: exc };
  }

  /**
   * True when the body travelled between t0 and t1 (a walker, not a rep): moved further than the limits and
   * did not come back (an exercise that shifts the hips or tilts the torso returns towards where it started;
   * a walker ends the "rep" where it got to).
   */
  travelled(t0: number, t1: number, lim: TravelLimits = TRAVEL_LIMITS): boolean {
    const d = this.between(t0, t1);
    if (!d) return false;
    const { net, excursion: e } = d;
    return (net.hipX > lim.hipX && net.hipX > RETURN * e.hipX)
      // Feet that move up or down the image without the body growing or shrinking are lifted (a pull-up).
      || (net.footY > lim.footY && net.footY > RETURN * e.footY && net.scale > lim.scale / 3)
      || (net.scale > lim.scale && net.scale > RETURN * e.scale);
  }
}

/** A walker's net travel is nearly all of its excursion; an exercise comes back at least this far. */
const RETURN = 0.75;

const delta = (a: number, b: number): number => (a === a && b === b ? Math.abs(a - b) : 0);
