/**
 * Constant-velocity Kalman filter on the box state (cx, cy, aspect, height) with velocities, the motion model of
 * ByteTrack/DeepSORT. Noise scales with the box height (a far, small person moves fewer pixels).
 *
 * With F = [[I, dt·I], [0, I]], H = [I, 0] and diagonal Q and R, the 8×8 covariance stays block-diagonal per
 * coordinate, so the filter is exactly four independent 2-state filters (position, velocity): that is how it is
 * written here, with no general matrix code.
 */
import { fromMeasurement, toMeasurement, type BoxXYWH } from './box.ts';

const STD_POSITION = 1 / 20;
const STD_VELOCITY = 1 / 160;

/** One coordinate: mean [p, v], symmetric covariance [[pp, pv], [pv, vv]]. */
interface Axis {
  p: number;
  v: number;
  pp: number;
  pv: number;
  vv: number;
}

export class KalmanBoxFilter {
  private readonly axes: [Axis, Axis, Axis, Axis];

  constructor(box: BoxXYWH) {
    const m = toMeasurement(box);
    const h = m[3];
    const posStd = [2 * STD_POSITION * h, 2 * STD_POSITION * h, 1e-2, 2 * STD_POSITION * h];
    const velStd = [10 * STD_VELOCITY * h, 10 * STD_VELOCITY * h, 1e-5, 10 * STD_VELOCITY * h];
    this.axes = [0, 1, 2, 3].map((i) => ({ p: m[i]!, v: 0, pp: posStd[i]! ** 2, pv: 0, vv: velStd[i]! ** 2 })) as [Axis, Axis, Axis, Axis];
  }

  /** Predicted (or corrected) box. */
  get box(): BoxXYWH {
    const [cx, cy, a, h] = this.axes;
    return fromMeasurement(cx.p, cy.p, a.p, h.p);
  }

  /** Velocity of the box centre, units per `dt` step. */
  get velocity(): { vx: number; vy: number } {
    return { vx: this.axes[0].v, vy: this.axes[1].v };
  }

  /** Stops the height from growing or shrinking while the track is not observed (ByteTrack does the same). */
  freezeScale(): void {
    this.axes[3].v = 0;
  }

  /** Advances the state by `dt` nominal frame intervals. */
  predict(dt = 1): void {
    const h = this.axes[3].p;
    const posStd = [STD_POSITION * h, STD_POSITION * h, 1e-2, STD_POSITION * h];
    const velStd = [STD_VELOCITY * h, STD_VELOCITY * h, 1e-5, STD_VELOCITY * h];
    for (let i = 0; i < 4; i++) {
      const s = this.axes[i]!;
      s.p += dt * s.v;
      // P' = F P Fᵀ + Q, with F = [[1, dt], [0, 1]]; Q grows with dt (white-noise steps).
      const pp = s.pp + 2 * dt * s.pv + dt * dt * s.vv + dt * posStd[i]! ** 2;
      const pv = s.pv + dt * s.vv;
      const vv = s.vv + dt * velStd[i]! ** 2;
      s.pp = pp;
      s.pv = pv;
      s.vv = vv;
    }
  }

  /** Corrects the state with a measured box. */
  update(box: BoxXYWH): void {
    const m = toMeasurement(box);
    const h = this.axes[3].p;
    const measStd = [STD_POSITION * h, STD_POSITION * h, 1e-1, STD_POSITION * h];
    for (let i = 0; i < 4; i++) {
      const s = this.axes[i]!;
      const S = s.pp + measStd[i]! ** 2;
      const kp = s.pp / S;
      const kv = s.pv / S;
      const y = m[i]! - s.p;
      s.p += kp * y;
      s.v += kv * y;
      // P' = (I - K H) P
      const pp = (1 - kp) * s.pp;
      const pv = (1 - kp) * s.pv;
      const vv = s.vv - kv * s.pv;
      s.pp = pp;
      s.pv = pv;
      s.vv = vv;
    }
  }
}
